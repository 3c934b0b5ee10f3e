import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { organizationOf } from '../../../infra/local/sandbox/aws/organizations/state.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';
import { exposedGroups } from '../actions/find-exposed-resources/estate-truth.js';
import { type BulkHarness, REAL_RUN, startBulkHarness } from './bulk-harness.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function reachableMembers(b: BulkHarness): string[] {
  const organization = organizationOf(b.h.sandbox.world);
  return (organization?.accounts ?? [])
    .filter(
      (account) =>
        account.status === 'ACTIVE' &&
        account.id !== organization?.managementAccountId &&
        account.id !== SEED.accounts.security &&
        account.id !== SEED.accounts.noRemediationRole,
    )
    .map((account) => account.id);
}

describe('a bulk job that closes SSH across the organisation', () => {
  let b: BulkHarness;
  before(async () => {
    b = await startBulkHarness();
  });
  after(() => b.close());

  it('previews every target first and changes nothing', async () => {
    const before = exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22);
    const started = await b.start({ dryRun: true });
    assert.equal(started.outcome, 'started', started.summary);
    assert.equal(started.targetCount, before.length);
    const job = await b.finished(started.jobId);
    assert.equal(job.status, 'finished', job.summary);
    assert.equal(job.remaining, 0);
    assert.equal(job.failed, 0, job.summary);
    assert.equal(job.outcomes.planned, before.filter((group) => !group.protected).length);
    assert.equal(job.refused, before.filter((group) => group.protected).length);
    assert.deepEqual(exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22), before);
    assert.equal(
      b.h.sandbox.knobs.callsMatching({ action: 'RevokeSecurityGroupIngress' }).length,
      0,
    );
  });

  it('closes port 22 on every exposed group, refusing the protected ones one by one', async () => {
    const before = exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22);
    const protectedKeys = before.filter((group) => group.protected).map((group) => group.key);
    assert.ok(protectedKeys.length > 0, 'the estate has protected groups open on 22');
    const started = await b.start(REAL_RUN);
    assert.equal(started.outcome, 'started', started.summary);
    const job = await b.finished(started.jobId);
    assert.equal(job.status, 'finished');
    assert.equal(
      job.failed,
      0,
      JSON.stringify(job.targets.filter((t: { status: string }) => t.status === 'failed')),
    );
    assert.equal(job.refused, protectedKeys.length);
    for (const target of job.targets) {
      if (target.status === 'refused') assert.match(target.summary, /protected/i);
      else assert.equal(target.outcome, 'remediated', target.summary);
      assert.ok(target.remediationId, 'every target has its remediation id');
    }
    // What is still open on 22 is exactly the protected groups.
    const left = exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22).map((g) => g.key);
    assert.deepEqual(left.sort(), [...protectedKeys].sort());

    // Each target is its own remediation in the trail, asked by the responder under the ticket.
    const auditor = b.h.tokens.user('auditor', {
      groups: ['security-auditors'],
      scopes: ['remediation-api/audit'],
    });
    const sample = job.targets.find((t: { outcome?: string }) => t.outcome === 'remediated');
    const record = await b.h.call(auditor, { url: `/remediations/${sample.remediationId}` });
    assert.equal(record.statusCode, 200, record.body);
    const { remediation } = record.json();
    assert.equal(remediation.ticket, REAL_RUN.ticket);
    assert.equal(remediation.outcome, 'remediated');
    assert.equal(remediation.requestedBy.name, 'responder');
    const verified = await b.h.audit.verify();
    assert.equal(verified.ok, true, verified.summary);
  });

  it('undoes a job: every closed rule comes back, as a job of undoRemediation requests', async () => {
    b.h.sandbox.reset();
    const [lane] = exposedGroups(
      b.h.sandbox,
      ['222222222222', ...reachableMembers(b)],
      REGIONS,
      22,
    ).filter((group) => !group.protected);
    assert.ok(lane);
    const targets = exposedGroups(b.h.sandbox, [lane.accountId], [lane.region], 22)
      .filter((group) => !group.protected)
      .map(({ accountId, region, groupId }) => ({ accountId, region, groupId }));
    const ec2 = await memberEc2(b.h.sandbox.url, lane.accountId, lane.region);
    const rulesBefore = await Promise.all(targets.map((t) => ingressOf(ec2, t.groupId)));
    const closed = await b.finished((await b.start({ targets, ...REAL_RUN })).jobId);
    assert.equal(closed.done, targets.length, closed.summary);

    const undoResponse = await b.h.call(b.responder, {
      method: 'POST',
      url: `/bulk-remediations/${closed.jobId}/undo`,
      payload: { ticket: 'SEC-201', reason: 'the change broke the bastion' },
    });
    assert.equal(undoResponse.statusCode, 200, undoResponse.body);
    const undo = undoResponse.json();
    assert.equal(undo.outcome, 'started', undo.summary);
    assert.equal(undo.targetCount, targets.length);
    const undone = await b.finished(undo.jobId);
    assert.equal(undone.operation, 'undoRemediation');
    assert.equal(undone.undoOf, closed.jobId);
    assert.equal(undone.done, targets.length, undone.summary);
    const rulesAfter = await Promise.all(targets.map((t) => ingressOf(ec2, t.groupId)));
    // Rule ids change when a rule is re-created; what each group lets in does not.
    assert.deepEqual(
      rulesAfter.map((rules) => [...rules.values()].sort()),
      rulesBefore.map((rules) => [...rules.values()].sort()),
    );
    ec2.destroy();
  });

  it('keeps going when one target fails halfway, and says which', async () => {
    b.h.sandbox.reset();
    const groups = exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22).filter(
      (group) => !group.protected,
    );
    const failing = groups[0];
    assert.ok(failing);
    const targets = groups
      .slice(0, 12)
      .map(({ accountId, region, groupId }) => ({ accountId, region, groupId }));
    // AWS refuses the first revoke in that account and Region (not a retryable error).
    b.h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      accountId: failing.accountId,
      region: failing.region,
      code: 'UnauthorizedOperation',
      status: 403,
      times: 1,
    });
    const job = await b.finished((await b.start({ targets, ...REAL_RUN })).jobId);
    assert.equal(job.status, 'finished');
    assert.equal(job.failed, 1, job.summary);
    assert.equal(job.done, targets.length - 1);
    const failed = job.targets.find((t: { status: string }) => t.status === 'failed');
    assert.equal(failed.accountId, failing.accountId);
    assert.ok(failed.remediationId, 'the failure is a recorded remediation too');
    b.h.sandbox.knobs.clearFaults();
  });

  it('backs off and runs again a target AWS throttled past the SDK retries', async () => {
    b.h.sandbox.reset();
    const [group] = exposedGroups(b.h.sandbox, reachableMembers(b), REGIONS, 22).filter(
      (g) => !g.protected,
    );
    assert.ok(group);
    // More refusals in a row than the SDK's attempts: the first run of the target fails on them.
    b.h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      accountId: group.accountId,
      region: group.region,
      code: 'RequestLimitExceeded',
      times: 6,
    });
    const targets = [{ accountId: group.accountId, region: group.region, groupId: group.groupId }];
    const ticket = 'SEC-202';
    const job = await b.finished((await b.start({ targets, ...REAL_RUN, ticket })).jobId);
    b.h.sandbox.knobs.clearFaults();
    assert.equal(job.failed, 0, job.summary);
    const [target] = job.targets;
    assert.equal(target.outcome, 'remediated', target.summary);
    // The throttled attempt is in the trail as its own failed remediation, the retry as another.
    const auditor = b.h.tokens.user('auditor', {
      groups: ['security-auditors'],
      scopes: ['remediation-api/audit'],
    });
    const listed = await b.h.call(auditor, {
      url: `/remediations?ticket=${ticket}&limit=25`,
    });
    const runs = listed
      .json()
      .remediations.filter(
        (r: { target: { resourceId: string } }) => r.target.resourceId === group.groupId,
      );
    assert.deepEqual(runs.map((r: { outcome: string }) => r.outcome).sort(), [
      'failed',
      'remediated',
    ]);
  });

  it('answers 403 to a token without the write scope on every job operation, before validation', async () => {
    const reader = b.h.tokens.user('reader', {
      groups: ['security-responders'],
      scopes: ['remediation-api/read'],
    });
    const job = '0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f';
    for (const [method, url] of [
      ['POST', '/bulk-remediations'],
      ['GET', `/bulk-remediations/${job}`],
      ['POST', `/bulk-remediations/${job}/cancel`],
      ['POST', '/bulk-remediations/not-a-job/undo'],
    ] as const) {
      // An invalid body: the scope is checked first, so the answer is still 403.
      const payload = method === 'POST' ? { payload: { port: 'x' } } : {};
      const response = await b.h.call(reader, { method, url, ...payload });
      assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
    }
  });

  it('refuses a real job without a ticket, and people outside the responders', async () => {
    const noTicket = await b.h.call(b.responder, {
      method: 'POST',
      url: '/bulk-remediations',
      payload: { operation: 'closeSecurityGroupPort', port: 22, reason: 'no ticket here' },
    });
    assert.equal(noTicket.statusCode, 400);
    assert.match(noTicket.json().message, /ticket/);
    const analyst = b.h.tokens.user('analyst', { groups: ['security-analysts'] });
    const refused = await b.h.call(analyst, {
      method: 'POST',
      url: '/bulk-remediations',
      payload: { operation: 'closeSecurityGroupPort', port: 22, ...REAL_RUN },
    });
    assert.equal(refused.statusCode, 200);
    assert.equal(refused.json().outcome, 'refused');
    assert.match(refused.json().summary, /security-responders/);
  });
});
