import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { closePort, mutatingEc2Calls, RANGE, tokensFor } from './fixture.js';

describe('Idempotency-Key', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  const key = (name: string) => ({ 'idempotency-key': `test-${name}-${Date.now()}` });

  before(async () => {
    h = await startHarness();
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('replays the recorded answer, marked as a replay, instead of running again', async () => {
    const headers = key('replay');
    const first = (await closePort(h, t.jira, {}, headers)).json();
    assert.equal(first.outcome, 'remediated');
    assert.equal(first.replayed, undefined);
    const changes = mutatingEc2Calls(h).length;
    const calls = h.sandbox.knobs.calls.length;
    const again = (await closePort(h, t.jira, {}, headers)).json();
    assert.equal(again.replayed, true);
    assert.deepEqual({ ...again, replayed: undefined }, { ...first, replayed: undefined });
    assert.equal(h.sandbox.knobs.calls.length, calls, 'the replay made no AWS call at all');
    assert.equal(mutatingEc2Calls(h).length, changes);
  });

  it('runs again without a key, and answers already compliant', async () => {
    assert.equal((await closePort(h, t.jira, { groupId: RANGE })).json().outcome, 'remediated');
    const again = (await closePort(h, t.jira, { groupId: RANGE })).json();
    assert.equal(again.outcome, 'already_compliant');
    assert.equal(again.replayed, undefined);
  });

  it('refuses a key reused for a different request, naming the first one', async () => {
    const headers = key('reuse');
    const first = (await closePort(h, t.jira, { dryRun: true }, headers)).json();
    const reused = await closePort(h, t.jira, { dryRun: true, port: 443 }, headers);
    assert.equal(reused.statusCode, 422);
    assert.match(
      reused.json().message,
      new RegExp(`already used for a different request \\(remediation ${first.remediationId}\\)`),
    );
  });

  it('keeps one caller’s key apart from another’s', async () => {
    const headers = key('scoped');
    const mine = (await closePort(h, t.jira, { dryRun: true }, headers)).json();
    const theirs = (await closePort(h, t.responder, { dryRun: true }, headers)).json();
    assert.notEqual(theirs.remediationId, mine.remediationId);
    assert.equal(theirs.replayed, undefined);
  });

  it('answers concurrent duplicates with one run and replays', async () => {
    const headers = key('concurrent');
    const answers = (
      await Promise.all(Array.from({ length: 5 }, () => closePort(h, t.jira, {}, headers)))
    ).map((response) => response.json());
    assert.equal(new Set(answers.map((answer) => answer.remediationId)).size, 1);
    assert.equal(answers.filter((answer) => !answer.replayed).length, 1);
    assert.equal(mutatingEc2Calls(h).length, 2, 'one run revoked the two world-open SSH rules');
  });

  it('rejects a malformed key before doing anything', async () => {
    const response = await closePort(h, t.jira, {}, { 'idempotency-key': 'a b' });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().message, /idempotency-key/);
    assert.deepEqual(h.sandbox.knobs.calls, []);
  });
});
