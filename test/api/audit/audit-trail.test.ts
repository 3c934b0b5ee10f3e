import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import {
  ALL_OPEN,
  closePort,
  mutatingEc2Calls,
  RANGE,
  tokensFor,
  trailEntries,
  WEB,
} from './fixture.js';

describe('audit trail', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  const list = (query: string, token = t.auditor) =>
    h.call(token, { url: `/remediations?${query}` });
  const get = (id: string, token = t.auditor) => h.call(token, { url: `/remediations/${id}` });

  before(async () => {
    h = await startHarness();
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('records the intent before the first AWS call, and the result after, even when AWS fails', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'DescribeSecurityGroups',
      code: 'UnauthorizedOperation',
    });
    const body = (await closePort(h, t.responder, { groupId: WEB })).json();
    assert.equal(body.outcome, 'failed');
    const entries = (await trailEntries(h)).filter((e) => e.remediationId === body.remediationId);
    assert.deepEqual(
      entries.map((e) => e.recordType),
      ['intent', 'completion'],
    );
    const [intent, completion] = entries as [Record<string, unknown>, Record<string, unknown>];
    const firstAwsCall = h.sandbox.knobs.calls[0];
    assert.ok(firstAwsCall, 'the request reached AWS');
    assert.ok(
      String(intent.recordedAt) <= firstAwsCall.at,
      `intent ${intent.recordedAt} is recorded before the first AWS call ${firstAwsCall.at}`,
    );
    assert.ok(Number(intent.seq) < Number(completion.seq));
    assert.equal(intent.operation, 'closeSecurityGroupPort');
    assert.equal(intent.ticket, 'SEC-101');
    assert.equal(intent.reason, 'SSH open to the world');
    assert.deepEqual(intent.policyControls, ['NET-02', 'NET-03', 'IR-03']);
    assert.equal((intent.requestedBy as { name: string }).name, 'responder');
    assert.deepEqual((intent.requestedBy as { groups: string[] }).groups, ['security-responders']);
    assert.equal(intent.sourceIp, '127.0.0.1');
    assert.match(String(intent.requestId), /^[0-9a-f-]{36}$/);
    assert.equal(completion.outcome, 'failed');
    assert.match(String(completion.summary), /UnauthorizedOperation/);
  });

  it('lists every remediation of a ticket, newest first, with requester and policy controls', async () => {
    const first = (await closePort(h, t.responder, { groupId: WEB, ticket: 'SEC-201' })).json();
    const second = (await closePort(h, t.jira, { groupId: RANGE, ticket: 'SEC-201' })).json();
    const third = (await closePort(h, t.analyst, { groupId: ALL_OPEN, ticket: 'SEC-201' })).json();
    await closePort(h, t.responder, { groupId: WEB, ticket: 'SEC-202', dryRun: true });
    await closePort(h, t.responder, { groupId: WEB, ticket: 'SEC-999' });
    const response = await list('ticket=SEC-201');
    assert.equal(response.statusCode, 200);
    const page = response.json();
    assert.deepEqual(
      page.remediations.map((r: { remediationId: string }) => r.remediationId),
      [third.remediationId, second.remediationId, first.remediationId],
    );
    const [newest, middle] = page.remediations;
    assert.equal(newest.outcome, 'remediated');
    assert.deepEqual(newest.requestedBy, {
      kind: 'user',
      name: 'analyst',
      clientId: 'sandbox-qbusiness',
    });
    assert.deepEqual(middle.requestedBy, {
      kind: 'machine',
      name: 'sandbox-jira',
      clientId: 'sandbox-jira',
    });
    assert.deepEqual(newest.policyControls, ['NET-02', 'NET-03', 'IR-03']);
    assert.equal(newest.target.resourceId, ALL_OPEN);
    assert.match(page.summary, /^3 remediations for ticket SEC-201, newest first\.$/);
    assert.equal(page.nextToken, undefined);
  });

  it('filters by requester, operation and time, and pages with an opaque nextToken', async () => {
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (const groupId of [WEB, RANGE, ALL_OPEN]) {
      ids.push(
        (await closePort(h, t.responder, { groupId, ticket: 'SEC-301' })).json().remediationId,
      );
      h.sandbox.reset();
    }
    await closePort(h, t.jira, { groupId: WEB, ticket: 'SEC-301' });
    const first = (await list(`requester=responder&from=${since}&limit=2`)).json();
    assert.equal(first.remediations.length, 2);
    assert.deepEqual(
      first.remediations.map((r: { remediationId: string }) => r.remediationId),
      [ids[2], ids[1]],
    );
    assert.ok(first.nextToken);
    const second = (
      await list(`requester=responder&from=${since}&limit=2&nextToken=${first.nextToken}`)
    ).json();
    assert.deepEqual(
      second.remediations.map((r: { remediationId: string }) => r.remediationId),
      [ids[0]],
    );
    const mismatched = await list(`requester=jira&limit=2&nextToken=${first.nextToken}`);
    assert.equal(mismatched.statusCode, 400);
    assert.match(mismatched.json().message, /other filters/);
    const byOperation = (
      await list(`operation=closeSecurityGroupPort&ticket=SEC-301&requester=sandbox-jira`)
    ).json();
    assert.equal(byOperation.remediations.length, 1);
    const future = (await list(`ticket=SEC-301&from=2999-01-01T00:00:00Z`)).json();
    assert.deepEqual(future.remediations, []);
    assert.match(future.summary, /No remediations are recorded for ticket SEC-301/);
    const backwards = await list(`from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`);
    assert.equal(backwards.statusCode, 400);
  });

  it('shows previews only when asked, and merges intent and result in getRemediation', async () => {
    const preview = (await closePort(h, t.responder, { ticket: 'SEC-401', dryRun: true })).json();
    assert.deepEqual((await list('ticket=SEC-401')).json().remediations, []);
    const withPreviews = (await list('ticket=SEC-401&includeDryRuns=true')).json();
    assert.equal(withPreviews.remediations[0].remediationId, preview.remediationId);
    assert.equal(withPreviews.remediations[0].outcome, 'planned');
    const done = (await closePort(h, t.responder, { ticket: 'SEC-401' })).json();
    const record = (await get(done.remediationId)).json();
    assert.match(
      record.summary,
      /closeSecurityGroupPort on security group sg-0a1b2c3d4e5f60001 .* asked by responder under ticket SEC-401/,
    );
    const { remediation } = record;
    assert.equal(remediation.outcome, 'remediated');
    assert.equal(remediation.reason, 'SSH open to the world');
    assert.deepEqual(remediation.requestedBy.groups, ['security-responders']);
    assert.deepEqual(
      remediation.steps.map((s: { status: string }) => s.status),
      ['done', 'done'],
    );
    assert.equal(remediation.details.revokedRules.length, 2);
    assert.equal(remediation.input.groupId, WEB);
    assert.equal(remediation.undo.available, true);
    assert.deepEqual(
      remediation.auditEntries.map((e: { recordType: string }) => e.recordType),
      ['intent', 'completion'],
    );
    const missing = (await get('00000000-0000-4000-8000-000000000000')).json();
    assert.match(missing.summary, /No remediation with id .* is recorded/);
    assert.equal((await get('not-a-uuid')).statusCode, 400);
  });

  it('records refused and unauthorized write attempts', async () => {
    const nobody = h.tokens.user('nobody');
    const refused = (await closePort(h, nobody, { ticket: 'SEC-501' })).json();
    assert.equal(refused.outcome, 'refused');
    const readOnly = h.tokens.user('reader', {
      scopes: ['remediation-api/read'],
      groups: ['security-responders'],
    });
    const noScope = await closePort(h, readOnly, { ticket: 'SEC-501' });
    assert.equal(noScope.statusCode, 403);
    const elsewhere = await closePort(h, t.responder, {
      ticket: 'SEC-501',
      accountId: '444444444444',
    });
    assert.equal(elsewhere.statusCode, 200, 'the chat shows only 2XX answers');
    assert.equal(elsewhere.json().outcome, 'refused');
    assert.doesNotMatch(elsewhere.json().summary, /222222222222/, 'allowed accounts stay private');
    assert.deepEqual(h.sandbox.knobs.calls, [], 'none of them reached AWS');
    const listed = (await list('ticket=SEC-501')).json().remediations;
    assert.deepEqual(
      listed.map(
        (r: { requestedBy: { name: string }; outcome: string }) =>
          `${r.requestedBy.name} ${r.outcome}`,
      ),
      ['responder refused', 'reader refused', 'nobody refused'],
    );
    assert.match(listed[0].summary, /account 444444444444 is not one this API may act in/);
    assert.match(listed[1].summary, /remediation-api\/write/);
    assert.match(listed[2].summary, /may not close a port that a security group leaves open/);
  });

  it('records an unauthorized attempt whose body the table could not store as an object', async () => {
    const readOnly = h.tokens.user('reader', {
      scopes: ['remediation-api/read'],
      groups: ['security-responders'],
    });
    // 1e400 parses to Infinity, which DynamoDB cannot store; deep nesting and a long id too.
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    const response = await h.call(readOnly, {
      method: 'POST',
      url: '/security-groups/close-port',
      headers: { 'content-type': 'application/json' },
      payload: `{"accountId":"222222222222","region":"us-east-1","groupId":"sg-${'f'.repeat(3000)}","port":1e400,"nested":${deep},"ticket":"SEC-502","reason":"looking"}`,
    });
    assert.equal(response.statusCode, 403);
    const listed = (await list('ticket=SEC-502')).json().remediations;
    assert.deepEqual(
      listed.map(
        (r: { requestedBy: { name: string }; outcome: string }) =>
          `${r.requestedBy.name} ${r.outcome}`,
      ),
      ['reader refused'],
    );
    const record = (
      await h.call(t.auditor, { method: 'GET', url: `/remediations/${listed[0].remediationId}` })
    ).json().remediation;
    assert.equal(record.input.port, 'Infinity', 'kept as text, not lost');
  });

  it('lets auditors and the audit client read, and tells other people why not', async () => {
    await closePort(h, t.responder, { ticket: 'SEC-601' });
    const machine = (await list('ticket=SEC-601', t.auditClient)).json();
    assert.equal(machine.remediations.length, 1);
    const responderWithAuditScope = h.tokens.user('responder', {
      groups: ['security-responders'],
      scopes: ['remediation-api/audit'],
    });
    const refused = await list('ticket=SEC-601', responderWithAuditScope);
    assert.equal(refused.statusCode, 200);
    assert.equal(refused.json().refused, true);
    assert.deepEqual(refused.json().remediations, []);
    assert.match(
      refused.json().summary,
      /may not read the audit trail: it is limited to members of security-auditors/,
    );
    const withoutScope = await list('ticket=SEC-601', t.responder);
    assert.equal(withoutScope.statusCode, 403);
    assert.match(withoutScope.json().message, /remediation-api\/audit/);
    assert.equal(mutatingEc2Calls(h).length, 2);
  });
});
