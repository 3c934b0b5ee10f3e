import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../../api/app.js';
import { createTokenVerifier } from '../../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../../api/aws/clients.js';
import { LocalBulkEngine } from '../../../infra/local/bulk/local-engine.js';
import { organizationOf } from '../../../infra/local/sandbox/aws/organizations/state.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { exposedGroups } from '../actions/find-exposed-resources/estate-truth.js';
import { type Answer, type BulkHarness, REAL_RUN, startBulkHarness } from './bulk-harness.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

function members(b: BulkHarness): string[] {
  const organization = organizationOf(b.h.sandbox.world);
  return (organization?.accounts ?? [])
    .filter(
      (account) =>
        account.status === 'ACTIVE' &&
        ![
          organization?.managementAccountId,
          SEED.accounts.security,
          SEED.accounts.noRemediationRole,
        ].includes(account.id),
    )
    .map((account) => account.id);
}

/** Every group of the estate's generated accounts, `perLane` per account and Region. */
function everyLane(b: BulkHarness, accounts: string[], perLane: number) {
  const targets: Array<{ accountId: string; region: string; groupId: string }> = [];
  for (const accountId of accounts) {
    for (const region of REGIONS) {
      const groups = [
        ...(b.h.sandbox.world.accounts.get(accountId)?.ec2.get(region)?.securityGroups.values() ??
          []),
      ];
      for (const group of groups.slice(0, perLane))
        targets.push({ accountId, region, groupId: group.groupId });
    }
  }
  return targets;
}

describe('the bulk engine at the speed AWS allows', () => {
  let b: BulkHarness;
  before(async () => {
    // 23 members: 20 generated accounts with groups in each of the 3 Regions = 60 lanes.
    b = await startBulkHarness({ BULK_LANE_CONCURRENCY: '3' }, { memberAccounts: 23 });
  });
  after(() => b.close());

  it('runs a job over 60 account-Regions under EC2 rate limits with no failed target', async () => {
    const generated = members(b).filter((id) => !['222222222222', '333333333333'].includes(id));
    assert.equal(generated.length, 20);
    const targets = everyLane(b, generated, 4);
    const lanes = new Set(targets.map((t) => `${t.accountId}/${t.region}`));
    assert.equal(lanes.size, 60);
    // Buckets start empty, as after another tool spent them: every lane is throttled at once.
    b.h.sandbox.knobs.setRateLimits(true, { startEmpty: true });
    const started = await b.start({ targets, ...REAL_RUN });
    assert.equal(started.targetCount, targets.length);
    const job = await b.finished(started.jobId);
    const limits = b.h.sandbox.knobs.ec2RateLimits;
    b.h.sandbox.knobs.setRateLimits(false);
    assert.equal(job.status, 'finished');
    assert.equal(
      job.failed,
      0,
      JSON.stringify(job.targets.filter((t: Answer) => t.status === 'failed').slice(0, 3)),
    );
    assert.equal(job.remaining, 0);
    assert.equal(job.done + job.refused, targets.length);
    assert.ok((limits?.counts.securityGroupIngress.allowed ?? 0) > 0);
    // Nothing with 22 open is left in those lanes but protected groups.
    const left = exposedGroups(b.h.sandbox, generated, REGIONS, 22).filter(
      (group) => !group.protected && targets.some((t) => t.groupId === group.groupId),
    );
    assert.deepEqual(left, []);
  });

  it('cancels: what has not started never runs', async () => {
    b.h.sandbox.reset();
    const accounts = members(b)
      .filter((id) => !['222222222222', '333333333333'].includes(id))
      .slice(0, 2);
    const targets = exposedGroups(b.h.sandbox, accounts, REGIONS, 22)
      .filter((group) => !group.protected)
      .map(({ accountId, region, groupId }) => ({ accountId, region, groupId }));
    assert.ok(targets.length >= 4);
    b.h.sandbox.knobs.setLatency(150);
    const started = await b.start({ targets, ...REAL_RUN });
    // Stopping an incident's job is for responders, as starting one is.
    const analyst = b.h.tokens.user('analyst', { groups: ['security-analysts'] });
    const notYours = await b.h.call(analyst, {
      method: 'POST',
      url: `/bulk-remediations/${started.jobId}/cancel`,
      payload: {},
    });
    assert.equal(notYours.json().outcome, 'refused', notYours.body);
    assert.match(notYours.json().summary, /limited to members of security-responders/);
    assert.equal((await b.get(started.jobId)).status, 'running');
    const cancel = await b.h.call(b.responder, {
      method: 'POST',
      url: `/bulk-remediations/${started.jobId}/cancel`,
      payload: { reason: 'wrong port in the change ticket' },
    });
    assert.equal(cancel.json().outcome, 'cancelling', cancel.body);
    assert.match(cancel.json().summary, /at the request of responder/);
    const job = await b.finished(started.jobId);
    b.h.sandbox.knobs.setLatency(0);
    assert.equal(job.status, 'cancelled');
    assert.match(job.summary, /was cancelled by responder \(wrong port in the change ticket\)/);
    assert.ok(job.cancelled > 0, job.summary);
    assert.equal(job.done + job.cancelled + job.refused + job.failed, targets.length);
    const stillOpen = new Set(
      exposedGroups(b.h.sandbox, accounts, REGIONS, 22).map((g) => g.groupId),
    );
    for (const target of job.targets) {
      if (target.status === 'cancelled') assert.ok(stillOpen.has(target.resourceId));
      if (target.outcome === 'remediated') assert.ok(!stillOpen.has(target.resourceId));
    }
    const again = await b.h.call(b.responder, {
      method: 'POST',
      url: `/bulk-remediations/${started.jobId}/cancel`,
      payload: {},
    });
    assert.equal(again.json().outcome, 'refused');
  });

  it('resumes after the runner is killed, without redoing a finished target', async () => {
    b.h.sandbox.reset();
    const accounts = members(b).filter((id) => !['222222222222', '333333333333'].includes(id));
    const targets = exposedGroups(b.h.sandbox, accounts, REGIONS, 22)
      .filter((group) => !group.protected)
      .map(({ accountId, region, groupId }) => ({ accountId, region, groupId }));
    b.h.sandbox.knobs.setLatency(20);
    const started = await b.start({ targets, ...REAL_RUN });
    // Kill the runner once some targets are done.
    for (;;) {
      const progress = await b.get(started.jobId);
      if (progress.done >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await b.engine().close();
    const killed = await b.get(started.jobId);
    assert.equal(killed.status, 'running');
    assert.ok(killed.remaining > 0, 'the kill left work');
    const doneBefore = new Map<string, string>(
      killed.targets
        .filter((t: Answer) => t.status === 'done')
        .map((t: Answer) => [t.resourceId, t.remediationId]),
    );

    // A new process: another app on the same tables and sandbox, with its own engine.
    let engine: LocalBulkEngine | undefined;
    const app = await buildApp({
      config: b.h.config,
      verifier: createTokenVerifier(b.h.config, { jwks: b.h.tokens.jwks() }),
      aws: new AwsClientFactory(b.h.config),
      audit: b.h.audit,
      bulk: { engine: (tasks) => (engine = new LocalBulkEngine(tasks)), resumeOnStart: true },
    });
    try {
      const read = async () =>
        (
          await app.inject({
            url: `/bulk-remediations/${started.jobId}?limit=1000`,
            headers: { authorization: `Bearer ${b.responder}` },
          })
        ).json();
      // The new process resumes what the killed one left as it starts (npm start does the same).
      await app.ready();
      let job = await read();
      for (const deadline = Date.now() + 60_000; job.status === 'running'; job = await read()) {
        assert.ok(Date.now() < deadline, 'the resumed job finishes');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(engine, 'the new process runs the job on its own engine');
      b.h.sandbox.knobs.setLatency(0);
      assert.equal(job.status, 'finished', job.summary);
      assert.equal(job.failed, 0, job.summary);
      assert.equal(job.done, targets.length);
      for (const [groupId, remediationId] of doneBefore) {
        const target = job.targets.find((t: Answer) => t.resourceId === groupId);
        assert.equal(
          target.remediationId,
          remediationId,
          'a finished target keeps its remediation',
        );
      }
      // A target run twice would have come back already_compliant the second time: every one
      // is remediated, so each group was changed by one remediation, the one the job names.
      assert.equal(job.outcomes.remediated, targets.length, JSON.stringify(job.outcomes));
      assert.equal(
        exposedGroups(b.h.sandbox, accounts, REGIONS, 22).filter((g) => !g.protected).length,
        0,
      );
    } finally {
      await app.close();
    }
  });
});
