import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ColdStart, measureColdStart, restApiEvent } from '../infra/aws/cold-start.js';
import { type Bundle, bundleLambda, REPO_ROOT } from '../infra/aws/lambda-bundle.js';

/**
 * `npm run bench:lambda`: the production bundle's size and cold start (fresh `node`, load the
 * bundle, build the app, answer GET /health as API Gateway sends it), beside a minimal Fastify +
 * @fastify/aws-lambda handler bundled the same way. Targets: < 1.5 MB, < 2x the baseline.
 */
const RUNS = Number(process.env.RUNS ?? 7);
const MAX_BYTES = 1.5 * 1024 * 1024;

const BASELINE = `
import awsLambdaFastify from '@fastify/aws-lambda';
import Fastify from 'fastify';
const app = Fastify();
app.get('/health', async () => ({ status: 'ok' }));
export const handler = awsLambdaFastify(app);
await app.ready();
`;

// LAMBDA_ENTRY measures another entry file (an experiment) instead of api/lambda.ts.
const entry = process.env.LAMBDA_ENTRY ? resolve(process.env.LAMBDA_ENTRY) : undefined;
const work = mkdtempSync(join(tmpdir(), 'bench-lambda-'));
// As in Lambda, an SDK left out of the bundle is found outside the code folder.
symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
const folder = (name: string) => {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
};

const variants: { name: string; bundle: Bundle }[] = [
  {
    name: 'baseline: minimal Fastify',
    bundle: bundleLambda({ outDir: folder('baseline'), source: BASELINE }),
  },
  {
    name: 'service, SDK from the runtime',
    bundle: bundleLambda({ outDir: folder('service'), entry }),
  },
  {
    name: 'service, SDK bundled',
    bundle: bundleLambda({ outDir: folder('service-sdk'), entry, includeAwsSdk: true }),
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const results: { name: string; bytes: number; ms: number; processMs: number }[] = [];
for (const { name, bundle } of variants) {
  const runs: ColdStart[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await measureColdStart(bundle.file, restApiEvent('GET', '/health'), {
      LOG_LEVEL: 'warn',
    });
    if (run.statusCode !== 200)
      throw new Error(`${name}: GET /health answered ${run.statusCode} ${run.body}`);
    runs.push(run);
  }
  results.push({
    name,
    bytes: bundle.bytes,
    ms: median(runs.map((r) => r.ms)),
    processMs: median(runs.map((r) => r.processMs)),
  });
}

const baseline = results[0] as (typeof results)[number];
console.log(`\nLambda cold start, median of ${RUNS} fresh processes (node ${process.version})`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(32)} ${(r.bytes / 1024).toFixed(0).padStart(6)} KB   load+first answer ${r.ms.toFixed(0).padStart(5)} ms (${(r.ms / baseline.ms).toFixed(2)}x)   whole process ${r.processMs.toFixed(0).padStart(5)} ms (${(r.processMs / baseline.processMs).toFixed(2)}x)`,
  );
}
const service = results[1] as (typeof results)[number];
const sizeOk = service.bytes < MAX_BYTES;
const startOk = service.ms < 2 * baseline.ms;
console.log(
  `\ntargets (deployed variant: SDK from the runtime): bundle < 1.5 MB ${sizeOk ? 'met' : 'MISSED'}; cold start < 2x baseline ${startOk ? 'met' : 'MISSED'}`,
);
