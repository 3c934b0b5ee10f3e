import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { generateDocument } from '../../openapi/document.js';

type Node = Record<string, unknown>;

/**
 * What the chat shows a person comes from the document: the form of a write operation lists its
 * fields under their display names, and Amazon Quick tells reads from writes by
 * x-amzn-operation-type.
 */
describe('the OpenAPI document, as the assistants present it', () => {
  let operations: Array<{ where: string; method: string; operation: Node }>;

  before(async () => {
    const document = await generateDocument({});
    operations = Object.entries(document.paths as Record<string, Node>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        where: `${method.toUpperCase()} ${path}`,
        method,
        operation: operation as Node,
      })),
    );
  });

  it('marks every GET read and every other operation write', () => {
    for (const { where, method, operation } of operations) {
      assert.equal(operation['x-amzn-operation-type'], method === 'get' ? 'read' : 'write', where);
    }
  });

  const fieldsOf = (operation: Node, where: 'form' | 'header') => {
    const body = (operation.requestBody as Node | undefined)?.content as Node | undefined;
    const schema = (body?.['application/json'] as Node | undefined)?.schema as Node | undefined;
    const fields = Object.entries((schema?.properties ?? {}) as Record<string, Node>);
    const parameters = ((operation.parameters ?? []) as Node[])
      .filter((parameter) => (parameter.in === 'header') === (where === 'header'))
      .map((parameter) => [String(parameter.name), parameter.schema as Node] as const);
    return where === 'header' ? parameters : [...fields, ...parameters];
  };

  // Only write operations get a confirmation form; reads run without one.
  it('gives every field of a write operation a label and hides none of them', () => {
    for (const { where, method, operation } of operations) {
      if (method === 'get') continue;
      for (const [name, field] of fieldsOf(operation, 'form')) {
        assert.equal(
          typeof field['x-amzn-form-display-name'],
          'string',
          `${where} ${name} has no label`,
        );
        assert.equal(
          field['x-amzn-form-hide'],
          undefined,
          `${where} ${name} is hidden from the form`,
        );
      }
    }
  });

  it('hides header parameters (Idempotency-Key is for automations) from the form, with a label', () => {
    for (const { where, operation } of operations) {
      for (const [name, field] of fieldsOf(operation, 'header')) {
        assert.equal(field['x-amzn-form-hide'], true, `${where} header ${name} shows in the form`);
        assert.equal(typeof field['x-amzn-form-display-name'], 'string', `${where} ${name}`);
      }
    }
  });

  it('names operations verb first', () => {
    for (const { where, operation } of operations) {
      assert.match(
        String(operation.operationId),
        /^(get|list|find|close|revoke|delete|undo|verify|create|update|contain|disable|describe|isolate|remediate|start|cancel)[A-Z]/,
        where,
      );
    }
  });
});
