import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { generateDocument, serialize } from '../../openapi/document.js';
import { checkPluginRules } from '../../openapi/plugin-rules.js';
import { checkStructure } from '../../openapi/structure.js';

describe('the committed OpenAPI document', () => {
  it('is what the code generates (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile(
      new URL('../../openapi/openapi.json', import.meta.url),
      'utf8',
    );
    assert.equal(committed, serialize(await generateDocument()));
  });

  it('is a valid OpenAPI 3.0 document', async () => {
    assert.deepEqual(await checkStructure(await generateDocument()), []);
  });

  it('meets every rule of the chat assistants', async () => {
    assert.deepEqual(checkPluginRules(await generateDocument()), []);
  });

  it('describes every operation for the assistant and labels every form field', async () => {
    const document = (await generateDocument()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        assert.match(
          String(operation.operationId),
          /^[a-z]+[A-Z]/,
          `${method} ${path} operationId`,
        );
        assert.ok(operation['x-amzn-operation-type'], `${method} ${path} has no operation type`);
        const body = operation.requestBody as
          | {
              content: Record<
                string,
                { schema: { properties: Record<string, Record<string, unknown>> } }
              >;
            }
          | undefined;
        for (const [name, field] of Object.entries(
          body?.content['application/json']?.schema.properties ?? {},
        )) {
          assert.ok(
            field['x-amzn-form-display-name'],
            `${method} ${path} field ${name} has no form label`,
          );
        }
      }
    }
  });

  it('documents 503 with Retry-After wherever a token is checked (the keys may be unreachable)', async () => {
    const document = (await generateDocument()) as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: ResponseMap }>>;
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!operation.security?.length) continue;
        const unavailable = operation.responses['503'];
        assert.ok(unavailable, `${method} ${path} does not document 503`);
        assert.ok(unavailable.headers?.['Retry-After'], `${method} ${path} 503 lacks Retry-After`);
      }
    }
  });
});

type ResponseMap = Record<string, { headers?: Record<string, unknown> }>;
