import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { registry } from '../../api/actions/registry.js';
import { bedrockDocuments } from '../../openapi/bedrock-profile.js';
import { checkBedrockRules } from '../../openapi/bedrock-rules.js';
import { generateDocument, serialize } from '../../openapi/document.js';
import { checkStructure } from '../../openapi/structure.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read and edit JSON documents freely
type Json = Record<string, any>;

const generated = async () => bedrockDocuments(await generateDocument()) as Record<string, Json>;

describe('the Bedrock action-group documents', () => {
  it('are committed as the code generates them (run `npm run openapi`)', async () => {
    for (const [group, document] of Object.entries(await generated())) {
      const committed = await readFile(
        new URL(`../../openapi/bedrock/${group}.json`, import.meta.url),
        'utf8',
      );
      assert.equal(committed, serialize(document), `openapi/bedrock/${group}.json`);
    }
  });

  it('are valid OpenAPI 3.0.0 and meet every Bedrock rule', async () => {
    for (const [group, document] of Object.entries(await generated())) {
      assert.equal(document.openapi, '3.0.0');
      assert.deepEqual(await checkStructure(document), [], group);
      assert.deepEqual(checkBedrockRules(document, group), [], group);
      assert.doesNotMatch(JSON.stringify(document), /"(enum|const|anyOf|oneOf|allOf)"/);
    }
  });

  it('hold every registry action once: reads in inspect, writes (with confirmation) in remediate, jobs in bulk', async () => {
    const documents = await generated();
    const operations = (group: string) =>
      Object.values(documents[group]?.paths ?? {}).flatMap((item) =>
        Object.values(item as Json).map((operation) => operation as Json),
      );
    const names = (group: string) => operations(group).map((operation) => operation.operationId);
    assert.deepEqual(
      names('inspect').sort(),
      registry
        .filter((a) => a.kind === 'read')
        .map((a) => a.name)
        .sort(),
    );
    assert.deepEqual(
      names('remediate').sort(),
      registry
        .filter((a) => a.kind === 'write')
        .map((a) => a.name)
        .sort(),
    );
    assert.deepEqual(
      names('bulk').sort(),
      registry
        .filter((a) => a.kind === 'job')
        .map((a) => a.name)
        .sort(),
    );
    for (const operation of operations('remediate')) {
      assert.equal(operation['x-requireConfirmation'], 'ENABLED', operation.operationId);
    }
    // Starting, cancelling and undoing a job ask the user; reading one does not.
    for (const [path, item] of Object.entries(documents.bulk?.paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const confirm = method === 'get' ? undefined : 'ENABLED';
        assert.equal(operation['x-requireConfirmation'], confirm, `${method} ${path}`);
      }
    }
  });

  it('move allowed values into the description instead of enum', async () => {
    const closePort = (await generated()).remediate?.paths['/security-groups/close-port'].post;
    const outcome =
      closePort.responses['200'].content['application/json'].schema.properties.outcome;
    assert.equal(outcome.enum, undefined);
    assert.match(outcome.description, /Allowed values: planned, remediated, already_compliant/);
  });
});

describe('Bedrock rules', () => {
  it('fail a document with an enum injected into a schema', async () => {
    const document = structuredClone((await generated()).remediate) as Json;
    document.paths['/security-groups/close-port'].post.requestBody.content[
      'application/json'
    ].schema.properties.port.enum = [22, 3389];
    assert.match(
      checkBedrockRules(document, 'remediate').join('\n'),
      /remediate: #\/paths\/~?.*port uses "enum", which Bedrock Agents reject/,
    );
  });

  it('name each other broken rule', async () => {
    const document = structuredClone((await generated()).remediate) as Json;
    document.openapi = '3.0.3';
    const post = document.paths['/security-groups/close-port'].post;
    delete post['x-requireConfirmation'];
    delete post.operationId;
    post.description = '';
    post.requestBody.content['application/json'].schema.properties.ticket = { anyOf: [] };
    const problems = checkBedrockRules(document, 'remediate').join('\n');
    assert.match(problems, /openapi must be "3\.0\.0"/);
    assert.match(problems, /POST \/security-groups\/close-port has no operationId/);
    assert.match(problems, /POST \/security-groups\/close-port has no description/);
    assert.match(problems, /does not set x-requireConfirmation: ENABLED/);
    assert.match(problems, /uses "anyOf"/);
  });

  it('limit an action group to 11 operations', async () => {
    const document = structuredClone((await generated()).inspect) as Json;
    const [path] = Object.keys(document.paths);
    for (let i = 0; i < 11; i += 1) document.paths[`/more/${i}`] = document.paths[path as string];
    const operations = Object.keys(document.paths).length;
    assert.ok(operations > 11);
    assert.match(
      checkBedrockRules(document, 'inspect').join('\n'),
      new RegExp(`1 to 11 operations, the document has ${operations}`),
    );
  });
});
