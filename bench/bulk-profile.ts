import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBulkJob, formatBulkJobBench } from './bulk-job.js';
import { type Layer, summarizeByLayer } from './cpu-profile.js';

const packages = (names: string) => new RegExp(`node_modules/(${names})/`);
/** Where a bulk target's CPU goes, nearest layer first (see summarizeByLayer). */
const LAYERS: Layer[] = [
  { name: 'garbage collector', test: /^\(garbage collector\)$/ },
  {
    name: 'dynalite (local DynamoDB)',
    test: packages(
      'dynalite|memory-level|abstract-level|level|level-[a-z]+|lazy|async|big\\.js|lock|functional-red-black-tree|buffer-crc32|module-error|maybe-combine-errors',
    ),
  },
  {
    name: 'aws-local-stepfunctions (runner)',
    test: packages('aws-local-stepfunctions|jsonpath-plus|jsonata|asl-[a-z-]+|p-limit'),
  },
  {
    name: 'AWS SDK (serialise, sign, retry, parse)',
    test: packages('@aws-sdk|@smithy|@aws-crypto|fast-xml-parser|strnum|bowser'),
  },
  {
    name: 'fastify, inject, logging',
    test: packages(
      'fastify|light-my-request|find-my-way|avvio|@fastify|fast-json-stringify|ajv[a-z-]*|pino[a-z-]*|typebox',
    ),
  },
  { name: 'token verification', test: packages('aws-jwt-verify|jose') },
  { name: 'sandbox (infra/local/sandbox)', test: /\/infra\/local\/sandbox\// },
  { name: 'job store (api/bulk/job-store)', test: /\/api\/bulk\/job-store/ },
  { name: 'bulk lane and runner glue', test: /\/(api\/bulk|infra\/local\/bulk)\// },
  { name: 'audit trail, keys, locks (api/audit)', test: /\/api\/audit\// },
  { name: 'write pipeline and action', test: /\/api\/(pipeline|actions)\// },
  { name: 'our AWS clients and pacer (api/aws)', test: /\/api\/aws\// },
  { name: 'rest of the API', test: /\/api\// },
  { name: 'bench', test: /\/bench\// },
  { name: 'other packages', test: /node_modules\// },
];

/**
 * `npm run bench:profile -- bulk`: the bulk job at AWS's rates with both processes profiled, the
 * API's (this one) over the job only, the cloud's (sandbox, dynalite) over the same window, and
 * the CPU per target by layer. Samples are charged to the nearest known frame up the stack, so
 * node's own socket and HTTP parser work, reached from the event loop, stays "node".
 */
export async function profileBulkJob(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-profile-'));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  let window = { from: 0, to: 0 };
  const result = await benchBulkJob({
    realOnly: true,
    cloudNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    around: async (job) => {
      await session.post('Profiler.start');
      // V8's profile clock is the monotonic clock, in microseconds, in every process.
      window = { from: monotonicUs(), to: 0 };
      try {
        return await job();
      } finally {
        window.to = monotonicUs();
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(join(dir, 'api.cpuprofile'), JSON.stringify(profile));
      }
    },
  });
  session.disconnect();
  const cloudFile = readdirSync(dir).find((name) => name.startsWith('CPU.'));
  const targets = result.real.targets;
  const api = summarizeByLayer(join(dir, 'api.cpuprofile'), targets, LAYERS);
  const cloud = cloudFile
    ? summarizeByLayer(join(dir, cloudFile), targets, LAYERS, window)
    : undefined;
  return [
    formatBulkJobBench(result),
    `\nprofiles in ${dir}; CPU per target (${targets}), by layer, while the job ran:`,
    `\nAPI process (API, bulk runner, pipeline, SDK clients):\n${api.table}`,
    ...(cloud
      ? [`\ncloud process (sandbox, dynalite):\n${cloud.table}`]
      : ['\ncloud process: no profile written']),
  ].join('\n');
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
