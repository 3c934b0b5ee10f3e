import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { loadConfig } from '../api/config.js';
import { startLocalCloud } from '../infra/local/local-cloud.js';
import { EC2_BUCKETS } from '../infra/local/sandbox/aws/ec2/rate-limits.js';
import type { CallRecord } from '../infra/local/sandbox/knobs.js';
import { seedWorld } from '../infra/local/sandbox/seed.js';
import { memberEc2 } from '../test/helpers/member-account.js';
import { startBulkApi } from './bulk-api.js';
import { type BulkProbeReport, probeBulkRun } from './bulk-probe.js';
import { ownCpuMs, processCpuMs } from './process-cpu.js';
import { startChild } from './processes/child.js';
import { sandboxKnobs } from './sandbox-knobs.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** 20 generated member accounts (3 hand-seeded ones are members too) × 3 Regions × 17 groups. */
const ESTATE = { memberAccounts: 23, groupsPerRegion: 17 };
/**
 * The scaled run's refill rates as a share of AWS's: low enough that this job's ceiling (about
 * 22 mutations/s) is well within what a two-core machine drives, so the run shows whether the
 * runner and the pacer use the buckets' capacity, not how fast the machine is.
 */
const SCALE = Number(process.env.BENCH_BULK_SCALE ?? 0.1);

export interface BulkJobRun {
  /** EC2's refill rates as a share of AWS's: 1 is the real thing; undefined, buckets off. */
  scale: number | undefined;
  wallMs: number;
  targets: number;
  failed: number;
  /** Authorize/RevokeSecurityGroupIngress calls EC2 accepted (the mutations). */
  mutations: number;
  throttled: number;
  /** The shortest time the buckets allow for this job's mutations (the busiest lane, from empty). */
  ceilingMs: number;
  busiestLane: number;
  /** CPU cores kept busy on average: this process (API, runner) and the cloud's (sandbox, dynalite). */
  cores: { api: number; cloud: number | undefined };
  /** The machine's 1-minute load average as the job ends: above its cores, others share the CPU. */
  load: number;
  /** EC2 and STS calls by action, per target (all outcomes). */
  awsPerTarget: Map<string, number>;
  probe: BulkProbeReport;
}

export interface BulkJobBench {
  /** The same job with the buckets off: how fast the pipeline itself goes. */
  baseline?: BulkJobRun;
  /** With EC2's buckets on at AWS's rates, empty at the start (as after another tool spent them). */
  real: BulkJobRun;
  /** With the buckets' refill scaled down (sandbox and pacer alike): never AWS's real rates. */
  scaled?: BulkJobRun;
  lanes: number;
  machineCores: number;
}

export interface BulkJobOptions {
  /** Runs around the job at AWS's rates (bench:profile wraps it in a CPU profile). */
  around?: <T>(job: () => Promise<T>) => Promise<T>;
  /** Only the run at AWS's rates (bench:profile). */
  realOnly?: boolean;
  /** Extra arguments for the cloud's Node (bench:profile adds --cpu-prof). */
  cloudNodeArgs?: string[];
}

/**
 * `npm run bench` part: every group of 20 accounts × 3 Regions (~1,000) gets SSH opened to the
 * world through EC2 (the attacker's move), then one job closes port 22 on all of them: without
 * rate limits (the pipeline's own speed, the baseline), with EC2's token buckets on at AWS's
 * rates, and with their refill scaled down. The API and the local runner run in this process; the
 * sandbox and DynamoDB (dynalite) in another, as in AWS they are other machines.
 */
export async function benchBulkJob(options: BulkJobOptions = {}): Promise<BulkJobBench> {
  const cloud = await startCloud(options);
  try {
    const world = seedWorld(ESTATE);
    const groupsOf = (accountId: string, region: string) => [
      ...(world.accounts.get(accountId)?.ec2.get(region)?.securityGroups.keys() ?? []),
    ];
    const accounts = [...world.accounts.keys()].filter(
      (id) => groupsOf(id, 'ap-southeast-2').length === ESTATE.groupsPerRegion,
    );
    const run = (scale: number | undefined) =>
      runJob(cloud, accounts, groupsOf, scale, scale === 1 ? options.around : undefined);
    const baseline = options.realOnly ? undefined : await run(undefined);
    const real = await run(1);
    const scaled = options.realOnly ? undefined : await run(SCALE);
    return {
      ...(baseline ? { baseline } : {}),
      real,
      ...(scaled ? { scaled } : {}),
      lanes: accounts.length * REGIONS.length,
      machineCores: availableParallelism(),
    };
  } finally {
    await cloud.stop();
  }
}

interface Cloud {
  env: Record<string, string>;
  /** The cloud's own process, when it has one. */
  pid?: number;
  stop(): Promise<void>;
}

/**
 * The sandbox and dynalite in their own process; BENCH_BULK_LAYOUT=one-process keeps them in
 * this one, as the tests' harness does, to compare the layouts.
 */
async function startCloud(options: BulkJobOptions): Promise<Cloud> {
  if (process.env.BENCH_BULK_LAYOUT === 'one-process') {
    const cloud = await startLocalCloud({ estate: ESTATE });
    return { env: cloud.env, stop: () => cloud.close() };
  }
  const child = await startChild<{ env: Record<string, string>; pid: number }>(
    'cloud',
    { BENCH_ESTATE: JSON.stringify(ESTATE) },
    options.cloudNodeArgs,
  );
  return { env: child.ready.env, pid: child.ready.pid, stop: () => child.stop() };
}

async function runJob(
  cloud: Cloud,
  accounts: string[],
  groupsOf: (accountId: string, region: string) => string[],
  scale: number | undefined,
  around: BulkJobOptions['around'],
): Promise<BulkJobRun> {
  const { env, pid } = cloud;
  const cloudCpuMs = () => (pid === undefined ? undefined : processCpuMs(pid));
  const knobs = sandboxKnobs(env.AWS_ENDPOINT_URL as string);
  await knobs.reset();
  const targets = await openSshEverywhere(env.AWS_ENDPOINT_URL as string, accounts, groupsOf);
  await knobs.clearCalls();
  if (scale !== undefined) await knobs.rateLimits({ enabled: true, startEmpty: true, scale });
  const api = await startBulkApi(env, scale === undefined ? {} : { ec2RefillScale: scale });
  try {
    const probe = probeBulkRun(api.audit, loadConfig(env).audit.tableName);
    const responder = api.tokens.user('bench', { groups: ['security-responders'] });
    const authorization = `Bearer ${responder}`;
    const job = async () => {
      const cpu = { api: ownCpuMs(), cloud: cloudCpuMs() };
      const started = performance.now();
      const response = await api.app.inject({
        method: 'POST',
        url: '/bulk-remediations',
        headers: { authorization },
        payload: {
          operation: 'closeSecurityGroupPort',
          port: 22,
          groups: targets.join(','),
          ticket: 'SEC-900',
          reason: 'bench: close SSH to the world everywhere',
        },
      });
      const { jobId, targetCount } = response.json() as { jobId: string; targetCount: number };
      await api.settled(jobId);
      const wallMs = performance.now() - started;
      const cloudCpu = cloudCpuMs();
      return {
        jobId,
        targetCount,
        wallMs,
        cores: {
          api: (ownCpuMs() - cpu.api) / wallMs,
          cloud:
            cloudCpu === undefined || cpu.cloud === undefined
              ? undefined
              : (cloudCpu - cpu.cloud) / wallMs,
        },
      };
    };
    const { jobId, targetCount, wallMs, cores } = around ? await around(job) : await job();
    const progress = (
      await api.app.inject({
        url: `/bulk-remediations/${jobId}?limit=1`,
        headers: { authorization },
      })
    ).json() as { failed: number; remaining: number };
    if (progress.failed > 0) {
      // A failed target is a defect the figures must not hide: say what each one answered.
      const failed = (
        await api.app.inject({
          url: `/bulk-remediations/${jobId}?status=failed&limit=100`,
          headers: { authorization },
        })
      ).json() as { targets: Array<{ summary?: string }> };
      const reasons = new Map<string, number>();
      for (const target of failed.targets) {
        const reason = target.summary ?? 'no summary';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      for (const [reason, n] of reasons) console.error(`  failed target x${n}: ${reason}`);
    }
    const calls = [...(await knobs.calls('ec2')), ...(await knobs.calls('sts'))];
    await knobs.rateLimits({ enabled: false });
    const ingress = calls.filter((c) => /SecurityGroupIngress$/.test(c.action));
    const accepted = ingress.filter((c) => c.outcome === 'ok');
    const busiestLane = Math.max(...perLane(accepted).values());
    const refill = EC2_BUCKETS.securityGroupIngress.refillPerSecond * (scale ?? 1);
    return {
      scale,
      wallMs,
      targets: targetCount,
      failed: progress.failed + progress.remaining,
      mutations: accepted.length,
      throttled: ingress.filter((c) => c.outcome === 'RequestLimitExceeded').length,
      ceilingMs: (busiestLane / refill) * 1000,
      busiestLane,
      cores,
      load: loadavg()[0] ?? 0,
      awsPerTarget: perAction(calls, targetCount),
      probe: probe.report(wallMs, targetCount),
    };
  } finally {
    await api.close();
  }
}

function perLane(calls: CallRecord[]): Map<string, number> {
  const lanes = new Map<string, number>();
  for (const call of calls) {
    const lane = `${call.accountId}/${call.region}`;
    lanes.set(lane, (lanes.get(lane) ?? 0) + 1);
  }
  return lanes;
}

function perAction(calls: CallRecord[], targets: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const key = `${call.service}:${call.action}`;
    counts.set(key, (counts.get(key) ?? 0) + 1 / targets);
  }
  return counts;
}

/** Opens SSH to the world on every group of the accounts (no rate limits yet); their ids. */
async function openSshEverywhere(
  endpoint: string,
  accounts: string[],
  groupsOf: (accountId: string, region: string) => string[],
): Promise<string[]> {
  const targets: string[] = [];
  for (const accountId of accounts) {
    for (const region of REGIONS) {
      const ec2 = await memberEc2(endpoint, accountId, region);
      const groups = groupsOf(accountId, region);
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)} s`;
const rate = (r: BulkJobRun) => (r.mutations / r.wallMs) * 1000;
const share = (r: BulkJobRun) => `${((r.ceilingMs / r.wallMs) * 100).toFixed(1)} %`;
const cores = (r: BulkJobRun, machine: number) =>
  `CPU: this process ${r.cores.api.toFixed(2)}, cloud ${r.cores.cloud?.toFixed(2) ?? '?'} of ${machine} cores (machine load ${r.load.toFixed(1)})`;
const runLine = (label: string, r: BulkJobRun, machine: number) =>
  `  ${label.padEnd(30)} ${seconds(r.wallMs)}   ${r.mutations} mutations ${rate(r).toFixed(1).padStart(6)}/s   failed ${r.failed}   throttled ${String(r.throttled).padStart(3)}   ${cores(r, machine)}`;

/** Which limit the run met, from what it measured: a CPU, the audit trail, or the buckets. */
function verdict(r: BulkJobRun, machineCores: number, unlimited?: BulkJobRun): string {
  const busiest = Math.max(r.cores.api, r.cores.cloud ?? 0);
  const shared =
    r.load > machineCores
      ? ` (machine load ${r.load.toFixed(1)} on ${machineCores} cores: other processes took CPU too)`
      : '';
  const chain = `audit appends took ${(r.probe.trailWaitShare * 100).toFixed(0)} % of a target's time`;
  if (r.ceilingMs / r.wallMs >= 0.9) return `the buckets (the run reached their ceiling)${shared}`;
  if (unlimited && unlimited.wallMs / r.wallMs >= 0.75) {
    // The buckets cost little: without them the job is nearly as slow, so the machine sets it.
    return `this machine: the same job without buckets takes ${seconds(unlimited.wallMs).trim()} (${((unlimited.wallMs / r.wallMs) * 100).toFixed(0)} % of this run's time), with this process at ${unlimited.cores.api.toFixed(2)} cores; ${chain}${shared}`;
  }
  if (busiest >= 0.85)
    return `CPU: a process kept ${busiest.toFixed(2)} cores busy; ${chain}${shared}`;
  if (r.probe.trailWaitShare >= 0.6) {
    return `the audit trail: ${chain}, no process near a full core${shared}`;
  }
  return `neither a full core nor the audit trail (${chain}): the buckets and the runner's pacing${shared}`;
}

export function formatBulkJobBench(result: BulkJobBench): string {
  const { baseline, real, scaled, machineCores } = result;
  const ceiling = (r: BulkJobRun) =>
    `${((r.mutations / r.ceilingMs) * 1000).toFixed(1)} mutations/s (busiest lane: ${r.busiestLane} at ${(EC2_BUCKETS.securityGroupIngress.refillPerSecond * (r.scale ?? 1)).toFixed(1)}/s, ${seconds(r.ceilingMs).trim()})`;
  const perTarget = (m: Map<string, number>) =>
    [...m]
      .filter(([, n]) => n >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([key, n]) => `${n.toFixed(2)} ${key}`)
      .join(', ');
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `Bulk job: close port 22 on ${real.targets} groups in ${result.lanes} account-Regions (local runner, aws-local-stepfunctions; API and runner in this process, ${real.cores.cloud === undefined ? 'sandbox and dynalite in it too' : 'sandbox and dynalite in another'})`,
    ...(baseline ? [runLine('buckets off (baseline)', baseline, machineCores)] : []),
    runLine("buckets on, AWS's rates", real, machineCores),
    `  buckets' ceiling for this job: ${ceiling(real)}`,
    `  achieved share of the ceiling at AWS's rates: ${share(real)}   (target >= 90 %, zero failed targets)`,
    ...(baseline
      ? [`  wall time with buckets / without: ${(real.wallMs / baseline.wallMs).toFixed(2)}x`]
      : []),
    `  what set the pace: ${verdict(real, machineCores, baseline)}`,
    `  per target: ${sum(real.probe.dynamoPerTarget).toFixed(1)} DynamoDB calls (${perTarget(real.probe.dynamoPerTarget)})`,
    `              ${sum(real.awsPerTarget).toFixed(1)} EC2/STS calls (${perTarget(real.awsPerTarget)})`,
    `  audit trail: ${real.probe.trailAppends} appends (a chain per account and Region): an entry put in flight ${(real.probe.trailQueueBusy * 100).toFixed(0)} % of the wall time; ${real.probe.appendMs.toFixed(1)} ms per append (queue included) = ${(real.probe.trailWaitShare * 100).toFixed(0)} % of a target's time; DynamoDB calls in flight as an entry's put starts: ${real.probe.dynamoInFlightAtPut.mean.toFixed(0)} on average, ${real.probe.dynamoInFlightAtPut.max} at most`,
  ];
  if (scaled) {
    lines.push(
      `  SCALED, not AWS's rates: refill x ${scaled.scale} in the sandbox and the pacer alike, so the ceiling is within this machine's reach`,
      runLine(`buckets on, refill x ${scaled.scale}`, scaled, machineCores),
      `  scaled ceiling: ${ceiling(scaled)}`,
      `  achieved share of the SCALED ceiling: ${share(scaled)}   (what the runner and pacer leave unused; not the real-rate result)`,
      `  scaled run, what set the pace: ${verdict(scaled, machineCores)}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchBulkJob({ realOnly: process.argv[2] === 'real' });
  console.log(formatBulkJobBench(result));
  const runs = [result.baseline, result.real, result.scaled];
  if (runs.some((r) => r && r.failed > 0)) process.exitCode = 1;
}
