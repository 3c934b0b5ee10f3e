import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxMachineToken } from '../infra/local/sandbox/cognito/machine-token.js';
import { summarizeProfile } from './cpu-profile.js';
import { runLoad } from './http-load.js';
import { startChild } from './processes/child.js';

/**
 * `npm run bench:profile`: getSecurityGroup at one connection with the API process under
 * `node --cpu-prof`, then where its CPU went per request. Start-up is in the profile too; the
 * request count keeps it a small share. `npm run bench:profile -- mcp` profiles the same read as an
 * MCP `tools/call`, to see what the MCP door adds; `-- bulk` profiles the bulk job's run at AWS's
 * rates (bench/bulk-profile.ts).
 */
if (process.argv[2] === 'bulk') {
  const { profileBulkJob } = await import('./bulk-profile.js');
  console.log(await profileBulkJob());
  process.exit(0);
}
const door = process.argv[2] === 'mcp' ? 'mcp' : 'http';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const dir = mkdtempSync(join(tmpdir(), 'api-profile-'));
const cloud = await startChild<{ env: Record<string, string> }>('cloud', {});
const api = await startChild<{ url: string }>('api', cloud.ready.env, [
  '--cpu-prof',
  `--cpu-prof-dir=${dir}`,
]);
try {
  const token = await sandboxMachineToken(cloud.ready.env.COGNITO_DOMAIN_URL as string);
  const target = {
    accountId: '222222222222',
    region: 'us-east-1',
    groupId: 'sg-0a1b2c3d4e5f60001',
  };
  const authorization = `Bearer ${token}`;
  const result = await runLoad(
    door === 'mcp'
      ? {
          name: 'getSecurityGroup, MCP tools/call',
          url: `${api.ready.url}/mcp`,
          method: 'POST',
          headers: {
            authorization,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-11-25',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'getSecurityGroup', arguments: target },
          }),
          connections: 1,
          requests: REQUESTS,
        }
      : {
          name: 'getSecurityGroup, API',
          url: `${api.ready.url}/security-groups?${new URLSearchParams(target)}`,
          headers: { authorization },
          connections: 1,
          requests: REQUESTS,
        },
  );
  console.log(`${result.requests} requests, p50 ${result.p50Ms.toFixed(2)} ms`);
} finally {
  await api.stop();
  await cloud.stop();
}
const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
console.log(`profile: ${join(dir, file)}\n`);
console.log(summarizeProfile(join(dir, file), REQUESTS + 200));
