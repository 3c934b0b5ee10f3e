import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { closePort, mutatingEc2Calls, RANGE, tokensFor } from '../audit/fixture.js';
import { completionAppend, failDynamoWrites, keyCompletion } from './dynamo-faults.js';

/** Long enough for a claim left by a cut-short run to lapse (whole seconds, plus one). */
const LEASE_SECONDS = 2;
const pastTheLease = () => sleep((LEASE_SECONDS + 1.2) * 1000);

describe('an Idempotency-Key whose answer could not be stored', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  const key = (name: string) => ({ 'idempotency-key': `lease-${name}-${Date.now()}` });

  before(async () => {
    h = await startHarness({
      RESOURCE_LOCK_LEASE_SECONDS: String(LEASE_SECONDS),
      RESOURCE_LOCK_WAIT_MS: '300',
    });
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('replays the outcome from the trail once the claim lapses, without running again', async () => {
    const headers = key('trail');
    const heal = failDynamoWrites(h.audit.client, keyCompletion);
    const first = (await closePort(h, t.jira, { groupId: RANGE }, headers)).json();
    heal();
    assert.equal(first.outcome, 'remediated', first.summary);
    const changes = mutatingEc2Calls(h).length;

    const tooSoon = await closePort(h, t.jira, { groupId: RANGE }, headers);
    assert.equal(tooSoon.statusCode, 409, 'the claim still holds');
    await pastTheLease();
    const retry = (await closePort(h, t.jira, { groupId: RANGE }, headers)).json();
    assert.equal(retry.replayed, true);
    assert.equal(retry.remediationId, first.remediationId);
    assert.equal(retry.outcome, 'remediated');
    assert.equal(mutatingEc2Calls(h).length, changes, 'nothing ran again');
  });

  it('runs again when no result was recorded, and says so', async () => {
    const headers = key('rerun');
    const heal = failDynamoWrites(
      h.audit.client,
      (command, input) => completionAppend(command, input) || keyCompletion(command, input),
    );
    const first = (await closePort(h, t.jira, { groupId: RANGE }, headers)).json();
    heal();
    assert.equal(first.outcome, 'remediated');
    assert.match(first.summary, /could not be added to the audit trail/);

    await pastTheLease();
    const retry = (await closePort(h, t.jira, { groupId: RANGE }, headers)).json();
    assert.equal(retry.outcome, 'already_compliant', retry.summary);
    assert.notEqual(retry.remediationId, first.remediationId);
    assert.match(retry.summary, new RegExp(`remediation ${first.remediationId}\\) stopped`));
    const again = (await closePort(h, t.jira, { groupId: RANGE }, headers)).json();
    assert.equal(again.replayed, true, 'the new answer is the key’s answer from now on');
    assert.equal(again.remediationId, retry.remediationId);
  });

  it('lets the caller read its own remediation without the audit scope, and no one else’s', async () => {
    const mine = (await closePort(h, t.jira, { groupId: RANGE, dryRun: true })).json();
    const read = await h.call(t.jira, {
      method: 'GET',
      url: `/remediations/${mine.remediationId}`,
    });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().remediation.remediationId, mine.remediationId);
    assert.equal(read.json().remediation.requestedBy.name, 'sandbox-jira');

    const theirs = (await closePort(h, t.responder, { groupId: RANGE, dryRun: true })).json();
    const other = await h.call(t.jira, {
      method: 'GET',
      url: `/remediations/${theirs.remediationId}`,
    });
    assert.equal(other.statusCode, 200);
    assert.equal(other.json().refused, true);
    assert.equal(other.json().remediation, undefined);
    assert.match(other.json().summary, /asked for by someone else/);
  });
});
