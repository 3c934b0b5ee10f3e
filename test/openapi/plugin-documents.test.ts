import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { generateDocument } from '../../openapi/document.js';
import {
  MAX_PLUGIN_OPERATIONS,
  operationCount,
  operationsInNoAudience,
  pluginDocuments,
} from '../../openapi/plugin-documents.js';
import { checkPluginRules } from '../../openapi/plugin-rules.js';
import { checkStructure } from '../../openapi/structure.js';
import { grownDocument } from '../helpers/grown-document.js';

type Node = Record<string, unknown>;

const operationIds = (document: Node) =>
  Object.values(document.paths as Record<string, Record<string, Node>>)
    .flatMap((item) => Object.values(item).map((operation) => String(operation.operationId)))
    .sort();

describe('plugin documents: one plugin while the API fits, one per audience past 20 operations', () => {
  let document: Node;
  before(async () => {
    document = await generateDocument();
  });

  it('registers the whole API as one plugin while it has at most 20 operations', () => {
    assert.ok(operationCount(document) <= MAX_PLUGIN_OPERATIONS);
    const plugins = pluginDocuments(document);
    assert.equal(plugins.length, 1);
    assert.equal(plugins[0]?.audience, undefined);
    assert.equal(plugins[0]?.document, document);
  });

  it('splits a larger API by who may call each operation, each part a valid plugin', async () => {
    const grown = grownDocument(document);
    assert.equal(operationCount(grown), MAX_PLUGIN_OPERATIONS + 1);
    assert.ok(checkPluginRules(grown).some((problem) => /1 to 20 operations/.test(problem)));
    const plugins = pluginDocuments(grown);
    assert.deepEqual(
      plugins.map(({ audience }) => audience),
      ['responders', 'auditors'],
    );
    for (const { audience, document: part } of plugins) {
      assert.deepEqual(checkPluginRules(part), [], `${audience} meets every plugin rule`);
      assert.deepEqual(await checkStructure(part), [], `${audience} is valid OpenAPI`);
      assert.match(String((part.info as Node).title), new RegExp(`: ${audience}$`));
    }
    const [responders, auditors] = plugins.map(({ document: part }) => operationIds(part));
    assert.ok(
      responders?.includes('closeSecurityGroupPort') && responders.includes('getRemediation'),
    );
    assert.ok(!responders?.includes('listRemediations'), 'the trail is for auditors');
    assert.ok(auditors?.includes('listRemediations') && auditors.includes('getRemediation'));
    assert.ok(!auditors?.includes('closeSecurityGroupPort'), 'auditors change nothing');
    const everyOperation = new Set([...(responders ?? []), ...(auditors ?? [])]);
    assert.deepEqual([...everyOperation].sort(), operationIds(grown), 'no operation is lost');
    assert.deepEqual(
      operationIds(document),
      operationIds(pluginDocuments(document)[0]?.document ?? {}),
    );
  });

  it('names an operation no audience may call, which no plugin would hold', () => {
    const lost = structuredClone(document);
    const item = (lost.paths as Record<string, Record<string, Node>>)['/security-groups'];
    if (item?.get) item.get.security = [{ oauth2: ['remediation-api/admin'] }];
    assert.deepEqual(operationsInNoAudience(lost), ['GET /security-groups']);
    assert.deepEqual(operationsInNoAudience(document), []);
  });
});
