import { benchApiThroughput } from './api-throughput.js';
import type { LoadResult } from './http-load.js';
import { benchDeleteUser, formatDeleteUserBench } from './iam-delete-user.js';

/** `npm run bench`: every benchmark, each printed beside the baseline measured in the same run. */
const row = (r: LoadResult) =>
  `${r.name.padEnd(34)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms`;

const { health, read } = await benchApiThroughput();
console.log('\nHTTP throughput (16 connections, no added AWS latency)');
console.log(row(health));
console.log(row(read));
console.log(
  `ratio getSecurityGroup / health: throughput ${(read.requestsPerSecond / health.requestsPerSecond).toFixed(2)}x, p50 latency ${(read.p50Ms / health.p50Ms).toFixed(2)}x`,
);

console.log('');
const deletion = await benchDeleteUser();
console.log(formatDeleteUserBench(deletion));
if (!deletion.withinLimit) process.exitCode = 1;
