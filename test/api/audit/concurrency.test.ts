import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';
import {
  ACCOUNT,
  ALL_OPEN,
  closePort,
  mutatingEc2Calls,
  REGION,
  tokensFor,
  trailEntries,
} from './fixture.js';

describe('concurrent requests on one resource', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;

  before(async () => {
    h = await startHarness({ RESOURCE_LOCK_WAIT_MS: '10000' });
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('20 identical requests at once make exactly one set of changes', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => closePort(h, t.responder, { groupId: ALL_OPEN })),
    );
    const outcomes = answers.map((answer) => answer.json().outcome).sort();
    assert.deepEqual(outcomes, [...Array(19).fill('already_compliant'), 'remediated']);
    const changes = mutatingEc2Calls(h).map((call) => call.action);
    assert.deepEqual(changes, ['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
    const rules = [
      ...(await ingressOf(await memberEc2(h.sandbox.url, ACCOUNT, REGION), ALL_OPEN)).values(),
    ];
    assert.deepEqual(rules.sort(), [
      'icmp -1--1 0.0.0.0/0',
      'tcp 0-21 0.0.0.0/0',
      'tcp 23-65535 0.0.0.0/0',
      'tcp 80-80 0.0.0.0/0',
      'udp 0-21 0.0.0.0/0',
      'udp 23-65535 0.0.0.0/0',
    ]);
    // 40 concurrent appends, one unbroken chain.
    const entries = await trailEntries(h);
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      entries.map((_, index) => index + 1),
    );
    const report = (await h.call(t.auditor, { url: '/audit-trail/verify' })).json();
    assert.equal(report.intact, true, report.summary);
  });
});

describe('a request that cannot wait for the one in progress', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;

  before(async () => {
    h = await startHarness({ RESOURCE_LOCK_WAIT_MS: '200' });
    t = tokensFor(h);
  });
  after(() => h.close());

  it('is refused, naming the remediation in progress, and changes nothing', async () => {
    h.sandbox.knobs.setLatency(150);
    const slow = closePort(h, t.responder, { groupId: ALL_OPEN });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = (await closePort(h, t.analyst, { groupId: ALL_OPEN })).json();
    const first = (await slow).json();
    assert.equal(first.outcome, 'remediated', first.summary);
    assert.equal(second.outcome, 'refused');
    assert.equal(second.retryable, 'in_progress');
    assert.equal(first.retryable, undefined);
    assert.match(
      second.summary,
      new RegExp(
        `^Nothing was changed: remediation ${first.remediationId} \\(closeSecurityGroupPort, asked by responder\\) is changing security group ${ALL_OPEN}`,
      ),
    );
    assert.ok(
      mutatingEc2Calls(h).every((call) => call.sourceIdentity === 'responder'),
      'only the first request changed anything',
    );
    h.sandbox.knobs.setLatency(0);
    const later = (await closePort(h, t.analyst, { groupId: ALL_OPEN })).json();
    assert.equal(later.outcome, 'already_compliant');
  });
});
