import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  BatchPutDocumentCommand,
  CreateDataSourceCommand,
  CreatePluginCommand,
  type Document,
  GetPluginCommand,
  StartDataSourceSyncJobCommand,
} from '@aws-sdk/client-qbusiness';
import { qbusiness, SANDBOX } from '../../../plugin/tool.js';
import { failure, type Sandbox, startSandbox } from './fixture.js';

const app = { applicationId: SANDBOX.applicationId };
const index = { ...app, indexId: SANDBOX.indexId };
const oauth = {
  oAuth2ClientCredentialConfiguration: {
    secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:plugin-AbCdEf',
    roleArn: 'arn:aws:iam::111111111111:role/plugin',
  },
};
const schema = (payload: string) => ({
  description: 'Test plugin',
  apiSchemaType: 'OPEN_API_V3' as const,
  apiSchema: { payload },
});
const doc = (id: string, extra: Partial<Document> = {}): Document => ({
  id,
  title: id,
  contentType: 'MD',
  content: { blob: new TextEncoder().encode(`# ${id}`) },
  ...extra,
});

describe('sandbox Q Business, validating as the service does', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  async function runningSync() {
    const client = qbusiness(sandbox);
    const { dataSourceId } = await client.send(
      new CreateDataSourceCommand({
        ...index,
        displayName: 'docs',
        configuration: { type: 'CUSTOM', version: '1.0.0' } as never,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
    const { executionId } = await client.send(
      new StartDataSourceSyncJobCommand({ ...index, dataSourceId }),
    );
    return { dataSourceId, executionId };
  }

  it('wants exactly one member in the auth configuration', async () => {
    const error = await failure(
      qbusiness(sandbox).send(
        new CreatePluginCommand({
          ...app,
          displayName: 'two-auths',
          type: 'CUSTOM',
          authConfiguration: { ...oauth, noAuthConfiguration: {} } as never,
          customPluginConfiguration: schema('{}'),
        }),
      ),
    );
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(
      error.message,
      /Exactly one of .* must be set, found oAuth2ClientCredentialConfiguration and noAuthConfiguration/,
    );
  });

  it('builds a plugin asynchronously: CREATE_IN_PROGRESS, then READY', async () => {
    const client = qbusiness(sandbox);
    const document = {
      openapi: '3.0.3',
      servers: [{ url: 'https://api.example.org' }],
      components: {
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            flows: {
              authorizationCode: {
                authorizationUrl: 'https://a',
                tokenUrl: 'https://t',
                scopes: {},
              },
            },
          },
        },
      },
      paths: {
        '/things': {
          get: {
            operationId: 'listThings',
            description: 'Lists things.',
            security: [{ oauth2: [] }],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    };
    const created = await client.send(
      new CreatePluginCommand({
        ...app,
        displayName: 'good',
        type: 'CUSTOM',
        authConfiguration: oauth,
        customPluginConfiguration: schema(JSON.stringify(document)),
      }),
    );
    assert.equal(created.buildStatus, 'CREATE_IN_PROGRESS');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const plugin = await client.send(new GetPluginCommand({ ...app, pluginId: created.pluginId }));
    assert.equal(plugin.buildStatus, 'READY');
  });

  it('fails the build of a schema that breaks the plugin rules, and says why in its state view', async () => {
    const client = qbusiness(sandbox);
    const created = await client.send(
      new CreatePluginCommand({
        ...app,
        displayName: 'bad',
        type: 'CUSTOM',
        authConfiguration: oauth,
        customPluginConfiguration: schema('{"openapi":"3.1.0","paths":{}}'),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
    const plugin = await client.send(new GetPluginCommand({ ...app, pluginId: created.pluginId }));
    assert.equal(plugin.buildStatus, 'CREATE_FAILED');
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state/qbusiness`)).json()) as {
      applications: Record<string, { plugins: Record<string, { buildProblems: string[] }> }>;
    };
    const application = state.applications[SANDBOX.applicationId];
    const problems = application?.plugins[created.pluginId as string]?.buildProblems ?? [];
    assert.ok(
      problems.some((problem) => /openapi must be 3\.0\.x/.test(problem)),
      problems.join('; '),
    );
  });

  it('takes 1 to 10 documents per BatchPutDocument call', async () => {
    const { executionId } = await runningSync();
    const eleven = Array.from({ length: 11 }, (_, n) => doc(`doc-${n}`));
    const error = await failure(
      qbusiness(sandbox).send(
        new BatchPutDocumentCommand({ ...index, dataSourceSyncId: executionId, documents: eleven }),
      ),
    );
    assert.equal(error.name, 'ValidationException');
    assert.match(error.message, /documents: Member must have length between 1 and 10, found 11/);
  });

  it('rejects bad attribute names and content types, and reports unknown attributes per document', async () => {
    const { executionId } = await runningSync();
    const client = qbusiness(sandbox);
    const malformed = await failure(
      client.send(
        new BatchPutDocumentCommand({
          ...index,
          dataSourceSyncId: executionId,
          documents: [
            doc('a', {
              contentType: 'DOCX' as never,
              attributes: [{ name: 'has space', value: { stringValue: 'x' } }],
            }),
          ],
        }),
      ),
    );
    assert.equal(malformed.name, 'ValidationException');
    assert.match(
      malformed.message,
      /documents\.0\.contentType: Member must satisfy enum value set/,
    );
    assert.match(
      malformed.message,
      /documents\.0\.attributes\.0\.name: Member must satisfy regular expression pattern/,
    );
    const answer = await client.send(
      new BatchPutDocumentCommand({
        ...index,
        dataSourceSyncId: executionId,
        documents: [
          doc('ok', {
            attributes: [{ name: '_source_uri', value: { stringValue: 'https://x.example/a#b' } }],
          }),
          doc('wrong-type', {
            attributes: [{ name: '_last_updated_at', value: { stringValue: 'yesterday' } }],
          }),
          doc('unknown', { attributes: [{ name: 'department', value: { stringValue: 'sec' } }] }),
        ],
      }),
    );
    assert.deepEqual(
      answer.failedDocuments?.map((failed) => [failed.id, failed.error?.errorCode]),
      [
        ['wrong-type', 'InvalidRequest'],
        ['unknown', 'InvalidRequest'],
      ],
    );
    assert.match(
      String(answer.failedDocuments?.[1]?.error?.errorMessage),
      /not configured in the index/,
    );
  });

  it('only takes documents inside a running sync job, and one sync at a time', async () => {
    const { dataSourceId } = await runningSync();
    const client = qbusiness(sandbox);
    const stale = await failure(
      client.send(
        new BatchPutDocumentCommand({
          ...index,
          dataSourceSyncId: 'no-such-sync',
          documents: [doc('a')],
        }),
      ),
    );
    assert.match(stale.message, /dataSourceSyncId: No sync job no-such-sync exists/);
    const second = await failure(
      client.send(new StartDataSourceSyncJobCommand({ ...index, dataSourceId })),
    );
    assert.equal(second.name, 'ConflictException');
    assert.equal(second.$metadata.httpStatusCode, 409);
  });
});
