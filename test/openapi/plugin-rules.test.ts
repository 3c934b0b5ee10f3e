import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPluginRules } from '../../openapi/plugin-rules.js';

const valid = () => ({
  openapi: '3.0.3',
  servers: [{ url: 'https://api.example.com' }],
  components: {
    securitySchemes: {
      oauth2: {
        type: 'oauth2',
        flows: { authorizationCode: { authorizationUrl: 'a', tokenUrl: 't', scopes: {} } },
      },
    },
  },
  paths: {
    '/things': {
      post: {
        operationId: 'closeThing',
        description: 'Closes a thing.',
        security: [{ oauth2: ['x/write'] }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { id: { type: 'string', description: 'Id.' } },
              },
            },
          },
        },
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: {} } } } },
      },
    },
  },
});

describe('plugin rules', () => {
  it('accepts a document that meets them', () => {
    assert.deepEqual(checkPluginRules(valid()), []);
  });

  it('names each broken rule', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test edits a JSON document freely
    const doc = valid() as Record<string, any>;
    doc.openapi = '3.1.0';
    delete doc.servers;
    doc.components.securitySchemes = {};
    const op = doc.paths['/things'].post;
    op.description = 'See https://example.com';
    op.requestBody.content['application/xml'] = {};
    op.requestBody.content['application/json'].schema.properties.tags = {
      type: 'array',
      description: 'x',
    };
    op.requestBody.content['application/json'].schema.properties.owner = {
      anyOf: [],
      description: 'x',
    };
    const problems = checkPluginRules(doc).join('\n');
    assert.match(problems, /openapi must be 3\.0\.x/);
    assert.match(problems, /servers must hold exactly one entry/);
    assert.match(problems, /oauth2 scheme with an authorizationCode flow/);
    assert.match(problems, /description contains a link/);
    assert.match(problems, /application\/json only/);
    assert.match(problems, /body field "tags" is an array/);
    assert.match(problems, /uses "anyOf"/);
  });

  it('limits a plugin to 20 operations', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test edits a JSON document freely
    const doc = valid() as Record<string, any>;
    for (let i = 0; i < 20; i += 1) doc.paths[`/more/${i}`] = doc.paths['/things'];
    assert.match(checkPluginRules(doc).join('\n'), /1 to 20 operations, the document has 21/);
  });
});
