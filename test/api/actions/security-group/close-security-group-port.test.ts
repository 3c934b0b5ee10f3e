import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { ingressOf, memberEc2 } from '../../../helpers/member-account.js';

const ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const WEB = 'sg-0a1b2c3d4e5f60001';
const ALL_OPEN = 'sg-0a1b2c3d4e5f60002';
const RANGE = 'sg-0a1b2c3d4e5f60003';
const PROTECTED = 'sg-0a1b2c3d4e5f60004';
const FINE = 'sg-0a1b2c3d4e5f60005';
const CROWDED = 'sg-0a1b2c3d4e5f60006';
/** ops-range after closing 22: each range split around the port, sources kept. */
const RANGE_AFTER_CLOSE = [
  'tcp 20-21 0.0.0.0/0',
  'tcp 23-25 0.0.0.0/0',
  'udp 0-21 ::/0',
  'udp 23-65535 ::/0',
];

describe('closeSecurityGroupPort', () => {
  let h: Harness;
  let responder: string;
  const close = (body: Record<string, unknown>, token = responder) =>
    h.call(token, {
      method: 'POST',
      url: '/security-groups/close-port',
      payload: {
        accountId: ACCOUNT,
        region: REGION,
        reason: 'SSH open to the world',
        ticket: 'SEC-101',
        ...body,
      },
    });
  const mutatingCalls = () =>
    h.sandbox.knobs.calls.filter((call) => /^(Authorize|Revoke)/.test(call.action));
  const state = async (groupId: string) =>
    ingressOf(await memberEc2(h.sandbox.url, ACCOUNT, REGION), groupId);

  before(async () => {
    h = await startHarness();
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('plans without changing anything', async () => {
    const response = await close({ groupId: WEB, dryRun: true });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.outcome, 'planned');
    assert.deepEqual(
      body.steps.map((s: { action: string; status: string }) => `${s.action} ${s.status}`),
      ['ec2:RevokeSecurityGroupIngress planned', 'ec2:RevokeSecurityGroupIngress planned'],
    );
    assert.deepEqual(body.details.revokedRules.map((r: { source: string }) => r.source).sort(), [
      '0.0.0.0/0',
      '::/0',
    ]);
    assert.deepEqual(mutatingCalls(), []);
  });

  it('closes only the world-open port 22 rules and says so; a second run is already compliant', async () => {
    const before = await state(WEB);
    const response = await close({ groupId: WEB });
    const body = response.json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.match(body.summary, /Closed port 22/);
    assert.match(body.summary, /tcp 443 \(HTTPS\) from anywhere/);
    assert.match(body.summary, /established/);
    assert.deepEqual(body.target, {
      accountId: ACCOUNT,
      region: REGION,
      resourceType: 'security group',
      resourceId: WEB,
    });
    assert.deepEqual(body.requestedBy, {
      kind: 'user',
      name: 'responder',
      clientId: 'sandbox-qbusiness',
    });
    assert.equal(body.ticket, 'SEC-101');
    assert.ok(body.policyReferences.some((ref: { id: string }) => ref.id === 'NET-02'));
    const afterRules = await state(WEB);
    const gone = [...before.keys()].filter((id) => !afterRules.has(id)).map((id) => before.get(id));
    assert.deepEqual(gone.sort(), ['tcp 22-22 0.0.0.0/0', 'tcp 22-22 ::/0']);
    assert.equal(afterRules.size, before.size - 2, 'every other rule is unchanged');
    for (const [id, rule] of afterRules) assert.equal(before.get(id), rule);
    const again = (await close({ groupId: WEB })).json();
    assert.equal(again.outcome, 'already_compliant');
    assert.deepEqual(again.steps, []);
  });

  it('assumes the member role with the requester as SourceIdentity', async () => {
    await close({ groupId: WEB, dryRun: true });
    const ec2 = h.sandbox.knobs.calls.find((c) => c.service === 'ec2');
    assert.equal(ec2?.accountId, ACCOUNT);
    assert.equal(ec2?.sourceIdentity, 'responder');
    assert.equal(ec2?.roleSessionName, 'remediation-responder');
    assert.match(
      ec2?.principalArn ?? '',
      /^arn:aws:sts::222222222222:assumed-role\/SecurityRemediationRole\//,
    );
  });

  it('keeps every other port of an all-traffic rule open and names what remains', async () => {
    const body = (await close({ groupId: ALL_OPEN })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const rules = [...(await state(ALL_OPEN)).values()].sort();
    assert.deepEqual(rules, [
      'icmp -1--1 0.0.0.0/0',
      'tcp 0-21 0.0.0.0/0',
      'tcp 23-65535 0.0.0.0/0',
      'tcp 80-80 0.0.0.0/0',
      'udp 0-21 0.0.0.0/0',
      'udp 23-65535 0.0.0.0/0',
    ]);
    assert.equal(body.details.recreatedRules.length, 5);
    assert.ok(
      body.details.recreatedRules.every((r: { ruleId?: string }) => r.ruleId?.startsWith('sgr-')),
    );
    assert.match(body.summary, /tcp 0-21 from anywhere/);
    assert.ok(body.details.notes.some((note: string) => /ESP or GRE/.test(note)));
  });

  it('records each re-created rule under its own id, whatever order AWS lists them in', async () => {
    h.sandbox.knobs.reverseCreatedItems = true;
    const body = (await close({ groupId: ALL_OPEN })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const live = await state(ALL_OPEN);
    const recreated = body.details.recreatedRules as Array<Record<string, unknown>>;
    assert.ok(recreated.length > 1, 'several rules were created in one call');
    for (const rule of recreated) {
      assert.equal(
        live.get(String(rule.ruleId)),
        `${rule.protocol} ${rule.fromPort}-${rule.toPort} ${rule.source}`,
        'the recorded id names the rule recorded with it',
      );
    }
  });

  it('splits port ranges, IPv4 and IPv6 alike', async () => {
    const body = (await close({ groupId: RANGE })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual([...(await state(RANGE)).values()].sort(), RANGE_AFTER_CLOSE);
  });

  it('finds matching rules beyond the first page', async () => {
    const body = (await close({ groupId: CROWDED })).json();
    assert.equal(body.outcome, 'remediated');
    assert.equal(body.details.revokedRules.length, 2);
  });

  it('refuses a protected group and touches nothing', async () => {
    const body = (await close({ groupId: PROTECTED })).json();
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /protected by the tag "remediation:protected"/);
    assert.deepEqual(mutatingCalls(), []);
  });

  it('says already compliant for a group with nothing open on the port', async () => {
    const body = (await close({ groupId: FINE })).json();
    assert.equal(body.outcome, 'already_compliant');
    assert.match(body.summary, /already closed/);
  });

  it('lets analysts close ports (reversible) and machines by scope, but refuses people without a group', async () => {
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    assert.equal((await close({ groupId: WEB, dryRun: true }, analyst)).json().outcome, 'planned');
    assert.equal(
      (await close({ groupId: WEB, dryRun: true }, h.tokens.machine('sandbox-jira'))).json()
        .outcome,
      'planned',
    );
    const nobody = await close({ groupId: WEB }, h.tokens.user('nobody'));
    assert.equal(nobody.statusCode, 200);
    assert.equal(nobody.json().outcome, 'refused');
    assert.match(nobody.json().summary, /security-responders or security-analysts/);
    assert.deepEqual(mutatingCalls(), []);
  });

  it('retries a throttled call', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'RequestLimitExceeded',
      times: 1,
    });
    const body = (await close({ groupId: WEB })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const revokes = h.sandbox.knobs.calls.filter((c) => c.action === 'RevokeSecurityGroupIngress');
    assert.deepEqual(
      revokes.map((c) => c.outcome),
      ['RequestLimitExceeded', 'ok', 'ok'],
    );
  });

  it('marks an answer retryable as throttled when AWS kept throttling past the retries', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'RequestLimitExceeded',
      after: 1,
    });
    const halfway = (await close({ groupId: WEB })).json();
    assert.equal(halfway.outcome, 'partially_remediated', halfway.summary);
    assert.equal(halfway.retryable, 'throttled');
    h.sandbox.knobs.clearFaults();
    const mutationsBefore = mutatingCalls().length;
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'DescribeSecurityGroupRules',
      code: 'RequestLimitExceeded',
    });
    const unread = (await close({ groupId: RANGE })).json();
    assert.equal(unread.outcome, 'failed', unread.summary);
    assert.equal(unread.retryable, 'throttled');
    assert.match(unread.summary, /limiting requests/);
    assert.deepEqual(mutatingCalls().slice(mutationsBefore), []);
  });

  it('reports what was done when AWS fails halfway, and a rerun finishes the job', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'UnauthorizedOperation',
      after: 1,
    });
    const body = (await close({ groupId: WEB })).json();
    assert.equal(body.outcome, 'partially_remediated');
    assert.deepEqual(
      body.steps.map((s: { status: string }) => s.status),
      ['done', 'failed'],
    );
    assert.match(body.steps[1].error, /UnauthorizedOperation/);
    // Denied is not a matter of waiting: the answer does not call it retryable.
    assert.equal(body.retryable, undefined);
    assert.equal(body.details.revokedRules.length, 1);
    assert.match(body.summary, /Run the same request again/);
    assert.equal((await state(WEB)).size, 3);
    h.sandbox.knobs.clearFaults();
    const rerun = (await close({ groupId: WEB })).json();
    assert.equal(rerun.outcome, 'remediated');
    assert.equal(rerun.steps.length, 1);
  });

  it('leaves a failure between re-creating and revoking no more open than before', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'UnauthorizedOperation',
    });
    const body = (await close({ groupId: RANGE })).json();
    assert.equal(body.outcome, 'partially_remediated');
    assert.ok((await state(RANGE)).size > 2, 'the original rules are still there');
    h.sandbox.knobs.clearFaults();
    const rerun = (await close({ groupId: RANGE })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    assert.deepEqual([...(await state(RANGE)).values()].sort(), RANGE_AFTER_CLOSE);
  });

  it('creates every remaining rule when AWS answers Duplicate for the batch', async () => {
    // A rule created by someone else between plan and apply fails the whole Authorize call.
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'AuthorizeSecurityGroupIngress',
      code: 'InvalidPermission.Duplicate',
      times: 1,
    });
    const body = (await close({ groupId: RANGE })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual([...(await state(RANGE)).values()].sort(), RANGE_AFTER_CLOSE);
  });

  it('answers failed, in words, for a group that does not exist', async () => {
    const body = (await close({ groupId: 'sg-0fffffffffffffff0' })).json();
    assert.equal(body.outcome, 'failed');
    assert.match(body.summary, /does not exist/);
  });

  const badInputs: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['a malformed group id', { groupId: 'sg-nope' }, 400, /groupId/],
    ['a port out of range', { groupId: WEB, port: 70000 }, 400, /port/],
    ['an unknown field', { groupId: WEB, force: true }, 400, /unknown field "force"/],
    ['a malformed account id', { groupId: WEB, accountId: '2222' }, 400, /accountId/],
    ['no reason for a real change', { groupId: WEB, reason: undefined }, 400, /reason/],
    // JSON bodies are not coerced: each of these once became port 0, 1 or 22.
    ['a null port', { groupId: WEB, port: null, dryRun: true }, 400, /port/],
    ['a false port', { groupId: WEB, port: false, dryRun: true }, 400, /port/],
    ['a blank port', { groupId: WEB, port: ' ', dryRun: true }, 400, /port/],
    ['a true port', { groupId: WEB, port: true, dryRun: true }, 400, /port/],
    ['a hexadecimal port', { groupId: WEB, port: '0x16', dryRun: true }, 400, /port/],
    ['a string dryRun', { groupId: WEB, dryRun: 'true' }, 400, /dryRun/],
  ];
  const notAllowed: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an account', { groupId: WEB, accountId: '444444444444' }, /account 444444444444 is not one/],
    ['a region', { groupId: WEB, region: 'ap-south-1' }, /region ap-south-1 is not one/],
  ];
  for (const [name, body, summary] of notAllowed) {
    it(`refuses ${name} not allowed in a 2XX answer the chat shows, calling no AWS API`, async () => {
      const response = await close(body);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().outcome, 'refused');
      assert.match(response.json().summary, summary);
      assert.doesNotMatch(response.json().summary, /333333333333/, 'no list of allowed accounts');
      assert.deepEqual(h.sandbox.knobs.calls, []);
    });
  }
  for (const [name, body, status, message] of badInputs) {
    it(`answers ${status} to ${name}, calling no AWS API`, async () => {
      const response = await close(body);
      assert.equal(response.statusCode, status, response.body);
      assert.match(response.json().message, message);
      assert.deepEqual(h.sandbox.knobs.calls, []);
    });
  }
});
