import { benchApiThroughput, ratios } from './api-throughput.js';
import { benchBulkJob, formatBulkJobBench } from './bulk-job.js';
import { benchExposureScan, formatExposureScanBench } from './exposure-scan.js';
import { benchDeleteUser, formatDeleteUserBench } from './iam-delete-user.js';
import { benchIsolation, formatIsolationBench } from './isolate-instance.js';
import type { LoadResult } from './load-result.js';
import { benchTrailContention, formatTrailContention } from './trail-contention.js';

/** `npm run bench`: every benchmark, each printed beside the baseline measured in the same run. */
const row = (r: LoadResult) =>
  `  ${r.name.padEnd(38)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms`;
const ratio = (label: string, value: { p50: number; throughput: number }) =>
  `  ${label.padEnd(38)} p50 ${value.p50.toFixed(2)}x   per-request time at throughput ${value.throughput.toFixed(2)}x   (target <= 1.25x)`;

console.log('HTTP: sandbox cloud and API in their own processes, no added AWS latency');
for (const run of await benchApiThroughput()) {
  console.log(`\n${run.connections} connection${run.connections > 1 ? 's' : ''}`);
  for (const r of [run.health, run.direct, run.read, run.mcpRead, run.write]) console.log(row(r));
  console.log(ratio('getSecurityGroup API / (health + direct)', ratios(run, run.read)));
  console.log(ratio('close-port dry run / (health + direct)', ratios(run, run.write)));
  console.log(
    `  ${'getSecurityGroup MCP / HTTP'.padEnd(38)} p50 ${(run.mcpRead.p50Ms / run.read.p50Ms).toFixed(2)}x   throughput ${(run.read.requestsPerSecond / run.mcpRead.requestsPerSecond).toFixed(2)}x   (target <= 1.10x)`,
  );
}

console.log('');
const deletion = await benchDeleteUser();
console.log(formatDeleteUserBench(deletion));
if (!deletion.withinLimit) process.exitCode = 1;

console.log('');
const isolation = await benchIsolation();
console.log(formatIsolationBench(isolation));
if (!isolation.withinLimit) process.exitCode = 1;

console.log('');
const scan = await benchExposureScan();
console.log(formatExposureScanBench(scan));
if (!scan.withinBudget) process.exitCode = 1;
console.log('');
const bulk = await benchBulkJob();
console.log(formatBulkJobBench(bulk));
if ([bulk.baseline, bulk.real, bulk.scaled].some((r) => r && r.failed > 0)) process.exitCode = 1;
console.log('');
console.log(formatTrailContention(await benchTrailContention()));
