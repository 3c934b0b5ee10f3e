import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';

/**
 * The planId over HTTP: optional by default and enforced when given; mandatory when
 * PLAN_REQUIRED_DOORS names http. (The MCP door, where it is mandatory, is tested in test/api/mcp/.)
 */
interface Answer {
  outcome: string;
  summary: string;
  remediationId: string;
  planId?: string;
}

const close = (h: Harness, token: string, body: Record<string, unknown>) =>
  h.call(token, {
    method: 'POST',
    url: '/security-groups/close-port',
    payload: {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      port: 22,
      ticket: 'SEC-130',
      reason: 'SSH open to the world',
      ...body,
    },
  });

describe('plan confirmation over HTTP (optional by default)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers a planId with a dry run, and runs the plan it names', async () => {
    const token = h.tokens.machine('sandbox-jira');
    const groupId = SEED.securityGroups.webFrontend;
    const plan = (await close(h, token, { groupId, dryRun: true })).json() as Answer;
    assert.equal(plan.outcome, 'planned');
    assert.match(plan.planId ?? '', /^plan-[0-9a-f]{64}$/);
    // The same request planned again, unchanged AWS: the same id (reason and ticket do not count).
    const again = (
      await close(h, token, { groupId, dryRun: true, reason: 'another reason' })
    ).json() as Answer;
    assert.equal(again.planId, plan.planId);
    // Another group's plan does not confirm this one.
    const other = (
      await close(h, token, { groupId: SEED.securityGroups.crowded, dryRun: true })
    ).json() as Answer;
    const wrong = (await close(h, token, { groupId, planId: other.planId })).json() as Answer;
    assert.equal(wrong.outcome, 'refused', wrong.summary);
    const run = (await close(h, token, { groupId, planId: plan.planId })).json() as Answer;
    assert.equal(run.outcome, 'remediated', run.summary);
  });

  it('refuses a plan older than PLAN_WINDOW_MINUTES', async () => {
    const token = h.tokens.machine('sandbox-jira');
    const groupId = SEED.securityGroups.legacyAllOpen;
    const plan = (await close(h, token, { groupId, dryRun: true })).json() as Answer;
    assert.equal(plan.outcome, 'planned', plan.summary);
    // The dry run's records, moved 16 minutes into the past (the window is 15).
    const view = await h.audit.remediation(plan.remediationId);
    const past = new Date(Date.now() - 16 * 60_000).toISOString();
    for (const entry of view?.entries ?? []) {
      await h.dynamo.client.send(
        new UpdateItemCommand({
          TableName: h.config.audit.tableName,
          Key: { chain: { S: entry.chain }, seq: { N: String(entry.seq) } },
          UpdateExpression: 'SET recordedAt = :at',
          ExpressionAttributeValues: { ':at': { S: past } },
        }),
      );
    }
    const run = (await close(h, token, { groupId, planId: plan.planId })).json() as Answer;
    assert.equal(run.outcome, 'refused', run.summary);
    assert.match(run.summary, /in the last 15 minutes/);
  });

  it('still runs without a planId: the chat form is the confirmation', async () => {
    const token = h.tokens.machine('sandbox-jira');
    const run = (await close(h, token, { groupId: SEED.securityGroups.crowded })).json() as Answer;
    assert.equal(run.outcome, 'remediated', run.summary);
  });

  it('rejects a malformed planId as invalid input, naming the field', async () => {
    const response = await close(h, h.tokens.machine('sandbox-jira'), {
      groupId: SEED.securityGroups.webFrontend,
      planId: 'yes',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().message, /planId must be the planId a dry run answered/);
  });
});

describe('plan confirmation over HTTP when PLAN_REQUIRED_DOORS names http', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ PLAN_REQUIRED_DOORS: 'mcp,http' });
  });
  after(() => h.close());

  it('refuses a real run without a planId and records the attempt', async () => {
    const token = h.tokens.machine('sandbox-jira');
    const run = (
      await close(h, token, { groupId: SEED.securityGroups.webFrontend })
    ).json() as Answer;
    assert.equal(run.outcome, 'refused');
    assert.match(run.summary, /dryRun set to true/);
    const auditor = h.tokens.machine('sandbox-auditor', { scopes: ['remediation-api/audit'] });
    const record = await h.call(auditor, {
      method: 'GET',
      url: `/remediations/${run.remediationId}`,
    });
    assert.equal(record.json().remediation.outcome, 'refused');
  });
});
