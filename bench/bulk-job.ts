import { pathToFileURL } from 'node:url';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { LocalBulkEngine } from '../infra/local/bulk/local-engine.js';
import { EC2_BUCKETS } from '../infra/local/sandbox/aws/ec2/rate-limits.js';
import { startHarness } from '../test/helpers/harness.js';
import { memberEc2 } from '../test/helpers/member-account.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** 20 generated member accounts (3 hand-seeded ones are members too) × 3 Regions × 17 groups. */
const ESTATE = { memberAccounts: 23, groupsPerRegion: 17 };

export interface BulkJobRun {
  wallMs: number;
  targets: number;
  failed: number;
  /** Authorize/RevokeSecurityGroupIngress calls EC2 accepted (the mutations). */
  mutations: number;
  throttled: number;
  /** The shortest time the buckets allow for this job's mutations (the busiest lane, from empty). */
  ceilingMs: number;
}

export interface BulkJobBench {
  /** The same job with the buckets off: how fast the pipeline itself goes. */
  baseline: BulkJobRun;
  /** With EC2's buckets on, empty at the start (steady state, as after another tool spent them). */
  limited: BulkJobRun;
  lanes: number;
}

/**
 * `npm run bench` part: every group of 20 accounts × 3 Regions (~1,000) gets SSH opened to the
 * world through EC2 (the attacker's move), then one job closes port 22 on all of them. Run twice:
 * without rate limits (the pipeline's own speed, the baseline) and with EC2's token buckets on.
 */
export async function benchBulkJob(): Promise<BulkJobBench> {
  let engine: LocalBulkEngine | undefined;
  const h = await startHarness(
    { ALLOWED_ACCOUNTS_SOURCE: 'organization', BULK_LANE_CONCURRENCY: '4' },
    { estate: ESTATE, bulk: { engine: (tasks) => (engine = new LocalBulkEngine(tasks)) } },
  );
  try {
    const responder = h.tokens.user('bench', { groups: ['security-responders'] });
    const accounts = [...h.sandbox.world.accounts.keys()].filter(
      (id) =>
        [
          ...(h.sandbox.world.accounts.get(id)?.ec2.get('ap-southeast-2')?.securityGroups.keys() ??
            []),
        ].length === ESTATE.groupsPerRegion,
    );
    const run = async (limited: boolean): Promise<BulkJobRun> => {
      h.sandbox.reset();
      const targets = await openSshEverywhere(h.sandbox.url, accounts, h);
      h.sandbox.knobs.calls = [];
      if (limited) h.sandbox.knobs.setRateLimits(true, { startEmpty: true });
      const started = performance.now();
      const response = await h.call(responder, {
        method: 'POST',
        url: '/bulk-remediations',
        payload: {
          operation: 'closeSecurityGroupPort',
          port: 22,
          groups: targets.join(','),
          ticket: 'SEC-900',
          reason: 'bench: close SSH to the world everywhere',
        },
      });
      const { jobId, targetCount } = response.json() as { jobId: string; targetCount: number };
      await engine?.settled(jobId);
      const wallMs = performance.now() - started;
      const job = (
        await h.call(responder, { url: `/bulk-remediations/${jobId}?limit=1` })
      ).json() as { failed: number; remaining: number };
      const ok = h.sandbox.knobs
        .callsMatching({ service: 'ec2' })
        .filter((c) => /SecurityGroupIngress$/.test(c.action));
      const perLane = new Map<string, number>();
      for (const call of ok.filter((c) => c.outcome === 'ok')) {
        const lane = `${call.accountId}/${call.region}`;
        perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
      }
      const bucket = EC2_BUCKETS.securityGroupIngress;
      h.sandbox.knobs.setRateLimits(false);
      return {
        wallMs,
        targets: targetCount,
        failed: job.failed + job.remaining,
        mutations: ok.filter((c) => c.outcome === 'ok').length,
        throttled: ok.filter((c) => c.outcome === 'RequestLimitExceeded').length,
        ceilingMs: (Math.max(...perLane.values()) / bucket.refillPerSecond) * 1000,
      };
    };
    const baseline = await run(false);
    const limited = await run(true);
    return { baseline, limited, lanes: accounts.length * REGIONS.length };
  } finally {
    await engine?.close();
    await h.close();
  }
}

/** Opens SSH to the world on every group of the accounts (no rate limits yet); their ids. */
async function openSshEverywhere(
  endpoint: string,
  accounts: string[],
  h: Awaited<ReturnType<typeof startHarness>>,
): Promise<string[]> {
  const targets: string[] = [];
  for (const accountId of accounts) {
    for (const region of REGIONS) {
      const ec2 = await memberEc2(endpoint, accountId, region);
      const groups = [
        ...(h.sandbox.world.accounts.get(accountId)?.ec2.get(region)?.securityGroups.keys() ?? []),
      ];
      await Promise.all(
        groups.map((groupId) =>
          ec2
            .send(
              new AuthorizeSecurityGroupIngressCommand({
                GroupId: groupId,
                IpPermissions: [
                  {
                    IpProtocol: 'tcp',
                    FromPort: 22,
                    ToPort: 22,
                    IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'bench: the attacker' }],
                  },
                ],
              }),
            )
            // Already open on exactly 22 from the estate: it stays a target all the same.
            .catch((error: Error) => {
              if (error.name !== 'InvalidPermission.Duplicate') throw error;
            }),
        ),
      );
      ec2.destroy();
      targets.push(...groups.map((groupId) => `${accountId}/${region}/${groupId}`));
    }
  }
  return targets;
}

export function formatBulkJobBench(result: BulkJobBench): string {
  const { baseline, limited } = result;
  const rate = (r: BulkJobRun) => (r.mutations / r.wallMs) * 1000;
  const ceilingRate = (limited.mutations / limited.ceilingMs) * 1000;
  const share = rate(limited) / ceilingRate;
  return [
    `Bulk job: close port 22 on ${limited.targets} groups in ${result.lanes} account-Regions (local runner, aws-local-stepfunctions)`,
    `  buckets off (baseline)   ${(baseline.wallMs / 1000).toFixed(1).padStart(6)} s   ${baseline.mutations} mutations   ${rate(baseline).toFixed(1)}/s   failed ${baseline.failed}`,
    `  buckets on, empty start  ${(limited.wallMs / 1000).toFixed(1).padStart(6)} s   ${limited.mutations} mutations   ${rate(limited).toFixed(1)}/s   failed ${limited.failed}   throttled ${limited.throttled}`,
    `  buckets' ceiling for this job: ${ceilingRate.toFixed(1)} mutations/s (busiest lane at 5/s: ${(limited.ceilingMs / 1000).toFixed(1)} s)`,
    `  achieved share of the ceiling: ${(share * 100).toFixed(1)} %   (target >= 90 %, zero failed targets)`,
    `  wall time with buckets / without: ${(limited.wallMs / baseline.wallMs).toFixed(2)}x`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchBulkJob();
  console.log(formatBulkJobBench(result));
}
