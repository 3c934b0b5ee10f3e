import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';
import { ACCOUNT, closePort, REGION, tokensFor, WEB } from './fixture.js';

describe('when the audit trail cannot be written', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;

  before(async () => {
    h = await startHarness();
    t = tokensFor(h);
  });
  after(() => h.close());

  it('changes nothing in AWS and tells the caller why, in the answer the chat shows', async () => {
    const ec2 = await memberEc2(h.sandbox.url, ACCOUNT, REGION);
    const before = await ingressOf(ec2, WEB);
    h.sandbox.reset();
    await h.dynamo.close();
    for (const body of [{}, { dryRun: true }]) {
      const response = await closePort(h, t.responder, body, {
        'idempotency-key': 'key-fail-closed-1',
      });
      assert.equal(response.statusCode, 200);
      const answer = response.json();
      assert.equal(answer.outcome, 'failed');
      assert.match(answer.summary, /^Nothing was done: the audit trail could not be written/);
      assert.equal(answer.retryable, 'audit_unavailable');
      assert.deepEqual(answer.steps, []);
    }
    assert.deepEqual(h.sandbox.knobs.calls, [], 'no AWS call at all, not even AssumeRole');
    assert.deepEqual(await ingressOf(ec2, WEB), before);
    const audit = await h.call(t.auditor, { url: '/remediations?ticket=SEC-101' });
    assert.equal(audit.statusCode, 503);
    assert.match(audit.json().message, /audit trail could not be read/);
  });
});
