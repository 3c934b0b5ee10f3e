import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ALL_OPEN, closePort, mutatingEc2Calls, tokensFor } from '../audit/fixture.js';

describe('a run slowed by AWS', () => {
  const harnesses: Harness[] = [];
  const start = async (env: Record<string, string>) => {
    const h = await startHarness(env);
    harnesses.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });
  after(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('keeps its resource lock past the lease, so a second request cannot run alongside', async () => {
    // Each AWS call takes 1.5 s: the run (AssumeRole, two reads, two changes) outlives a 2 s lease.
    const h = await start({ RESOURCE_LOCK_LEASE_SECONDS: '2', RESOURCE_LOCK_WAIT_MS: '0' });
    const t = tokensFor(h);
    h.sandbox.knobs.setLatency(1500);
    const first = closePort(h, t.responder, { groupId: ALL_OPEN });
    await sleep(4000);
    const second = (await closePort(h, t.responder, { groupId: ALL_OPEN })).json();
    assert.equal(second.outcome, 'refused', second.summary);
    assert.match(second.summary, /is changing security group sg-0a1b2c3d4e5f60002/);
    assert.equal((await first).json().outcome, 'remediated');
    assert.deepEqual(
      mutatingEc2Calls(h).map((call) => call.action),
      ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress'],
      'only the first request changed the group',
    );
  });

  it('stops at its time budget with what it did, and a rerun finishes', async () => {
    // 1 s per AWS call: AssumeRole and the reads take 2 s, the first change ends at 3 s.
    const h = await start({ RUN_BUDGET_MS: '3000' });
    const t = tokensFor(h);
    h.sandbox.knobs.setLatency(1000);
    const cut = (await closePort(h, t.responder, { groupId: ALL_OPEN })).json();
    assert.equal(cut.outcome, 'partially_remediated', cut.summary);
    assert.deepEqual(
      cut.steps.map((step: { status: string }) => step.status),
      ['done', 'skipped'],
    );
    assert.match(cut.summary, /time limit\. Send the same request again to finish/);
    assert.equal(cut.retryable, 'interrupted');
    h.sandbox.knobs.setLatency(0);
    const rerun = (await closePort(h, t.responder, { groupId: ALL_OPEN })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
  });
});
