import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createTokenVerifier } from '../../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../../api/aws/clients.js';
import type { BedrockActionGroupResponse } from '../../../api/bedrock/event.js';
import { type BedrockHandler, createBedrockHandler } from '../../../api/bedrock/handler.js';
import { LocalBulkEngine } from '../../../infra/local/bulk/local-engine.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { exposedGroups } from '../actions/find-exposed-resources/estate-truth.js';
import { actionGroupEvent } from './events.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers freely
type Body = Record<string, any>;

const ACCOUNT = SEED.accounts.production;
const REGION = 'us-east-1';
const START = {
  operation: 'closeSecurityGroupPort',
  port: 22,
  accounts: ACCOUNT,
  regions: REGION,
};

/**
 * The bulk action group: its committed document names the job operations, and the Bedrock door
 * runs them through the same job pipeline, with jobs on the local runner.
 */
describe('bulk jobs through the Bedrock door', () => {
  let h: Harness;
  let handle: BedrockHandler;
  let engine: LocalBulkEngine | undefined;
  let responder: string;

  before(async () => {
    h = await startHarness();
    handle = createBedrockHandler({
      config: h.config,
      verifier: createTokenVerifier(h.config, { jwks: h.tokens.jwks() }),
      aws: new AwsClientFactory(h.config),
      audit: h.audit,
      bulkEngine: (tasks) => (engine = new LocalBulkEngine(tasks)),
    });
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
  });
  after(async () => {
    await engine?.close();
    await h.close();
  });

  const bodyOf = (response: BedrockActionGroupResponse): Body =>
    JSON.parse(response.response.responseBody['application/json'].body);
  const scans = () => h.sandbox.knobs.callsMatching({ action: 'DescribeSecurityGroups' }).length;

  it('are an action group of their own, changes confirmed by the user', async () => {
    const document = JSON.parse(
      await readFile(new URL('../../../openapi/bedrock/bulk.json', import.meta.url), 'utf8'),
    ) as Body;
    const operations = Object.entries(document.paths as Body).flatMap(([path, item]) =>
      Object.entries(item as Body).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operationId: operation.operationId,
        confirm: operation['x-requireConfirmation'],
      })),
    );
    assert.deepEqual(
      operations.sort((a, b) => a.route.localeCompare(b.route)),
      [
        {
          route: 'GET /bulk-remediations/{jobId}',
          operationId: 'getBulkRemediation',
          confirm: undefined,
        },
        {
          route: 'POST /bulk-remediations',
          operationId: 'startBulkRemediation',
          confirm: 'ENABLED',
        },
        {
          route: 'POST /bulk-remediations/{jobId}/cancel',
          operationId: 'cancelBulkRemediation',
          confirm: 'ENABLED',
        },
        {
          route: 'POST /bulk-remediations/{jobId}/undo',
          operationId: 'undoBulkRemediation',
          confirm: 'ENABLED',
        },
      ],
    );
  });

  it('starts a dry-run job and reads it back by its templated path', async () => {
    const exposed = exposedGroups(h.sandbox, [ACCOUNT], [REGION], 22);
    const started = await handle(
      actionGroupEvent({
        actionGroup: 'bulk',
        apiPath: '/bulk-remediations',
        httpMethod: 'POST',
        accessToken: responder,
        // Every value arrives as text, "true" included.
        body: { ...START, dryRun: 'true' },
        confirmationState: 'CONFIRM',
      }),
    );
    const answer = bodyOf(started);
    assert.equal(started.response.httpStatusCode, 200, JSON.stringify(answer));
    assert.equal(answer.outcome, 'started', answer.summary);
    assert.equal(answer.dryRun, true);
    assert.equal(answer.targetCount, exposed.length);

    assert.ok(engine, 'the door made its bulk engine');
    await engine.settled(answer.jobId);
    const read = await handle(
      actionGroupEvent({
        actionGroup: 'bulk',
        apiPath: '/bulk-remediations/{jobId}',
        httpMethod: 'GET',
        accessToken: responder,
        parameters: { jobId: answer.jobId, limit: 1000 },
      }),
    );
    const job = bodyOf(read);
    assert.equal(read.response.httpStatusCode, 200, JSON.stringify(job));
    assert.equal(read.response.apiPath, '/bulk-remediations/{jobId}');
    assert.equal(job.outcome, 'answered', job.summary);
    assert.equal(job.jobId, answer.jobId);
    assert.equal(job.status, 'finished');
    assert.equal(job.outcomes.planned, exposed.filter((group) => !group.protected).length);
    assert.equal(job.targets.length, exposed.length);
    assert.equal(h.sandbox.knobs.callsMatching({ action: 'RevokeSecurityGroupIngress' }).length, 0);
  });

  it('starts nothing when the user declines, or when the token lacks the write scope', async () => {
    const scansBefore = scans();
    const declined = await handle(
      actionGroupEvent({
        actionGroup: 'bulk',
        apiPath: '/bulk-remediations',
        httpMethod: 'POST',
        accessToken: responder,
        body: { ...START, ticket: 'SEC-710', reason: 'close SSH to the world' },
        confirmationState: 'DENY',
      }),
    );
    const answer = bodyOf(declined);
    assert.equal(declined.response.httpStatusCode, 200);
    assert.equal(answer.outcome, 'refused');
    assert.equal(answer.targetCount, 0);
    assert.match(answer.summary, /declined to close a port everywhere at once/);

    const reader = h.tokens.user('reader', {
      groups: ['security-responders'],
      scopes: ['remediation-api/read'],
    });
    const refused = await handle(
      actionGroupEvent({
        actionGroup: 'bulk',
        apiPath: '/bulk-remediations',
        httpMethod: 'POST',
        accessToken: reader,
        body: { ...START, dryRun: true },
        confirmationState: 'CONFIRM',
      }),
    );
    assert.equal(refused.response.httpStatusCode, 403);
    assert.match(bodyOf(refused).summary, /remediation-api\/write/);
    assert.equal(scans(), scansBefore, 'no selection was read');
  });
});
