import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateDocument } from '../../openapi/document.js';
import { type Harness, startHarness } from '../helpers/harness.js';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  schema: Schema;
}
interface Operation {
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
}

/**
 * What a person meets in Swagger UI: "Try it out" pre-fills every field with its example, so
 * pressing Execute as it stands must send a valid request, and every answer and tag is described.
 */
describe('the OpenAPI document, as Swagger UI shows it', () => {
  let h: Harness;
  let operations: Array<{ method: string; path: string; operation: Operation }>;
  let tags: Array<{ name: string; description?: string }>;

  before(async () => {
    h = await startHarness();
    const document = (await generateDocument()) as {
      paths: Record<string, Record<string, Operation>>;
      tags: typeof tags;
    };
    tags = document.tags;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
    );
  });
  after(() => h.close());

  it('pre-fills every operation with a request the API accepts', async () => {
    const person = h.tokens.user('responder', {
      groups: ['security-responders', 'security-auditors'],
      scopes: ['remediation-api/read', 'remediation-api/write', 'remediation-api/audit'],
    });
    for (const { method, path, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const query: Record<string, string> = {};
      let url = path;
      for (const parameter of operation.parameters ?? []) {
        // The idempotency key stays empty on purpose: a pre-filled one would replay every try.
        if (parameter.in === 'header') continue;
        const value = parameter.example ?? parameter.schema.example;
        if (parameter.required) assert.notEqual(value, undefined, `${where} ${parameter.name}`);
        if (value === undefined) continue;
        if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, String(value));
        else query[parameter.name] = String(value);
      }
      const properties = operation.requestBody?.content['application/json']?.schema.properties;
      const body = properties
        ? Object.fromEntries(
            Object.entries(properties)
              // planId stays empty on purpose, like the idempotency key: only a dry run gives one.
              .filter(([name]) => name !== 'planId')
              .map(([name, field]) => {
                assert.notEqual(field.example, undefined, `${where} body field ${name}`);
                return [name, field.example];
              }),
          )
        : undefined;
      const response = await h.call(person, {
        method: method.toUpperCase() as 'GET' | 'POST',
        url,
        query,
        ...(body ? { payload: body } : {}),
      });
      assert.equal(response.statusCode, 200, `${where}: ${response.body}`);
    }
  });

  it('shows the sandbox itself in the close-port form: its web tier, us-east-1, SEC-101', () => {
    const close = operations.find((o) => o.operation.operationId === 'closeSecurityGroupPort');
    const fields = close?.operation.requestBody?.content['application/json']?.schema.properties;
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(fields ?? {})
          .filter(([name]) => name !== 'planId')
          .map(([name, f]) => [name, f.example]),
      ),
      {
        accountId: '222222222222',
        region: 'us-east-1',
        groupId: 'sg-0a1b2c3d4e5f60001',
        port: 22,
        dryRun: false,
        ticket: 'SEC-101',
        reason: 'Incident SEC-101: contain what the attacker opened',
      },
    );
  });

  it('describes every answer and every tag', () => {
    for (const { method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        assert.notEqual(response.description, 'Default Response', `${method} ${path} ${status}`);
      }
      for (const tag of operation.tags) {
        const declared = tags.find((t) => t.name === tag);
        assert.ok(declared?.description, `tag "${tag}" of ${method} ${path} has no description`);
      }
    }
  });
});
