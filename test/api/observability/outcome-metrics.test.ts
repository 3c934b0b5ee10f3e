import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';

type Line = Record<string, unknown> & { msg?: string; reqId?: string; remediationId?: string };

/**
 * What an operator sees in CloudWatch for a remediation: one embedded-metric-format line per
 * outcome, and the request id and remediation id on the lines of that request.
 */
describe('outcome metrics in the log', () => {
  let h: Harness;
  let responder: string;
  let lines: Line[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Line) };
  const close = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.call(responder, {
      method: 'POST',
      url: '/security-groups/close-port',
      headers,
      payload: {
        accountId: '222222222222',
        region: 'us-east-1',
        groupId: 'sg-0a1b2c3d4e5f60001',
        reason: 'SSH open to the world',
        ticket: 'SEC-101',
        ...body,
      },
    });
  const metricLines = () => lines.filter((line) => line.msg === 'remediation outcome');

  before(async () => {
    h = await startHarness({}, { logger: { level: 'info', stream } });
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
  });
  after(() => h.close());
  beforeEach(() => {
    lines = [];
    h.sandbox.reset();
  });

  it('writes one EMF line per outcome, carrying the request and remediation ids', async (t) => {
    const body = (await close({ dryRun: true })).json();
    assert.equal(body.outcome, 'planned');
    const [metric, ...more] = metricLines();
    assert.ok(metric);
    assert.equal(more.length, 0);
    t.diagnostic(JSON.stringify(metric));
    assert.deepEqual(metric._aws, {
      Timestamp: (metric._aws as { Timestamp: number }).Timestamp,
      CloudWatchMetrics: [
        {
          Namespace: 'SecurityRemediationApi',
          Dimensions: [['operation', 'outcome'], ['outcome']],
          Metrics: [{ Name: 'Outcomes', Unit: 'Count' }],
        },
      ],
    });
    assert.equal(metric.operation, 'closeSecurityGroupPort');
    assert.equal(metric.outcome, 'planned');
    assert.equal(metric.Outcomes, 1);
    assert.equal(metric.remediationId, body.remediationId);
    const completed = lines.find((line) => line.msg === 'request completed');
    assert.equal(completed?.reqId, metric.reqId);
    assert.equal(completed?.remediationId, body.remediationId);
  });

  it('counts partially_remediated, which the stack alarms on', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'UnauthorizedOperation',
      after: 1,
    });
    assert.equal((await close({})).json().outcome, 'partially_remediated');
    h.sandbox.knobs.clearFaults();
    assert.deepEqual(
      metricLines().map((line) => line.outcome),
      ['partially_remediated'],
    );
  });

  it('does not count a replayed answer again', async () => {
    const headers = { 'idempotency-key': `metric-${Date.now()}` };
    await close({ dryRun: true }, headers);
    const replay = (await close({ dryRun: true }, headers)).json();
    assert.equal(replay.replayed, true);
    assert.equal(metricLines().length, 1);
  });

  it('writes no metric for a read, which answers no outcome', async () => {
    const response = await h.call(responder, {
      method: 'GET',
      url: '/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001',
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(metricLines(), []);
  });
});
