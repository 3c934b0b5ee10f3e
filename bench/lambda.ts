import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ColdStart, measureColdStart, restApiEvent } from '../infra/aws/cold-start.js';
import { type Bundle, bundleLambda, REPO_ROOT } from '../infra/aws/lambda-bundle.js';
import { startLocalCloud } from '../infra/local/local-cloud.js';
import { sandboxMachineToken } from '../infra/local/sandbox/cognito/machine-token.js';
import { SEED } from '../infra/local/sandbox/seed.js';

/**
 * `npm run bench:lambda`: the production bundle's size and cold start (fresh `node`, load the
 * bundle, build the app, answer GET /health as API Gateway sends it), beside a minimal Fastify +
 * @fastify/aws-lambda handler bundled the same way. Targets: < 1.5 MB, < 2x the baseline.
 * Then, for information, a cold start whose first event reaches AWS (getSecurityGroup against
 * the sandbox): it also loads the chunks holding the SDK, assumes the role and calls EC2.
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

const baseline = await bundleLambda({ outDir: folder('baseline'), source: BASELINE });
const services: { name: string; bundle: Bundle }[] = [
  {
    name: 'service (deployed: SDK bundled)',
    bundle: await bundleLambda({ outDir: folder('service'), entry }),
  },
  {
    name: 'service, SDK from the runtime',
    bundle: await bundleLambda({ outDir: folder('service-sdk'), entry, awsSdk: 'runtime' }),
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

interface Figures {
  ms: number;
  processMs: number;
}

async function coldStarts(
  bundle: Bundle,
  event: Record<string, unknown>,
  env: Record<string, string>,
): Promise<Figures> {
  const runs: ColdStart[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await measureColdStart(bundle.file, event, { ...env, LOG_LEVEL: 'warn' });
    if (run.statusCode !== 200) throw new Error(`answered ${run.statusCode} ${run.body}`);
    runs.push(run);
  }
  return { ms: median(runs.map((r) => r.ms)), processMs: median(runs.map((r) => r.processMs)) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(5)} KB`;
const row = (name: string, size: string, figures: Figures, base: Figures) =>
  `${name.padEnd(34)} ${size}   load+first answer ${figures.ms.toFixed(0).padStart(5)} ms (${(figures.ms / base.ms).toFixed(2)}x)   whole process ${figures.processMs.toFixed(0).padStart(5)} ms (${(figures.processMs / base.processMs).toFixed(2)}x)`;

const health = restApiEvent('GET', '/health');
const base = await coldStarts(baseline, health, {});
console.log(`\nLambda cold start, median of ${RUNS} fresh processes (node ${process.version})`);
console.log('First event GET /health:');
console.log(row('baseline: minimal Fastify', `${kb(baseline.bytes)} total`, base, base));
const serviceHealth: Figures[] = [];
for (const { name, bundle } of services) {
  const figures = await coldStarts(bundle, health, {});
  serviceHealth.push(figures);
  console.log(
    row(name, `${kb(bundle.bytes)} total, ${kb(bundle.coldStartBytes)} loaded`, figures, base),
  );
}

const cloud = await startLocalCloud();
try {
  const token = await sandboxMachineToken(cloud.sandbox.url);
  const inspect = restApiEvent('GET', '/security-groups', {
    headers: { authorization: `Bearer ${token}` },
    query: {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.webFrontend,
    },
  });
  console.log(
    'First event GET /security-groups (getSecurityGroup: loads the SDK chunks, AssumeRole, 2 EC2 calls to the local sandbox):',
  );
  for (const { name, bundle } of services) {
    const figures = await coldStarts(bundle, inspect, cloud.env);
    console.log(row(name, `${kb(bundle.bytes)} total`, figures, base));
  }
  // The MCP door: the first /mcp request also loads the MCP SDK chunks (zod included).
  const toolsList = restApiEvent('POST', '/mcp', {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json, text/event-stream' },
    body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  });
  console.log('First event POST /mcp tools/list (loads the MCP SDK; no AWS call):');
  const [mcpVariant] = services;
  if (mcpVariant) {
    const figures = await coldStarts(mcpVariant.bundle, toolsList, cloud.env);
    console.log(row(mcpVariant.name, `${kb(mcpVariant.bundle.bytes)} total`, figures, base));
  }
} finally {
  await cloud.close();
}

const [deployed] = services;
const [deployedHealth] = serviceHealth;
if (!deployed || !deployedHealth) throw new Error('no service variant measured');
const sizeOk = deployed.bundle.bytes < MAX_BYTES;
const startOk = deployedHealth.ms < 2 * base.ms;
console.log(
  `\ntargets (deployed variant, first event GET /health): bundle < 1.5 MB ${sizeOk ? 'met' : 'MISSED'} (${kb(deployed.bundle.bytes).trim()}); cold start < 2x baseline ${startOk ? 'met' : 'MISSED'} (${(deployedHealth.ms / base.ms).toFixed(2)}x)`,
);
