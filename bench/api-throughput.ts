import { loadConfig } from '../api/config.js';
import { sandboxMachineToken } from '../infra/local/sandbox/cognito/machine-token.js';
import { directCalls } from './direct-calls.js';
import { runLoad } from './http-load.js';
import type { LoadResult } from './load-result.js';
import { startChild } from './processes/child.js';

export interface ThroughputRun {
  connections: number;
  health: LoadResult;
  direct: LoadResult;
  read: LoadResult;
  /** The same getSecurityGroup as an MCP `tools/call` (stateless, one POST, JSON answer). */
  mcpRead: LoadResult;
  write: LoadResult;
}

const TARGET = {
  accountId: '222222222222',
  region: 'us-east-1',
  groupId: 'sg-0a1b2c3d4e5f60001',
};
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);

/**
 * The API's own cost per request: /health (Fastify and the socket), getSecurityGroup's two EC2
 * calls made directly with the SDK, getSecurityGroup through the API, and a dry-run
 * closeSecurityGroupPort (the same reads plus the audit records), at each concurrency. The
 * sandbox cloud and the API each run in their own process; the load comes from this one.
 */
export async function benchApiThroughput(connections = [1, 16]): Promise<ThroughputRun[]> {
  const cloud = await startChild<{ env: Record<string, string> }>('cloud', {});
  const env = cloud.ready.env;
  Object.assign(process.env, env);
  const api = await startChild<{ url: string }>('api', env).catch(async (error) => {
    await cloud.stop();
    throw error;
  });
  try {
    const base = api.ready.url;
    const token = await sandboxMachineToken(env.COGNITO_DOMAIN_URL as string);
    const headers = { authorization: `Bearer ${token}` };
    const config = loadConfig(process.env);
    const direct = directCalls(config, SANDBOX_JIRA, TARGET);
    const query = new URLSearchParams(TARGET).toString();
    const runs: ThroughputRun[] = [];
    for (const c of connections) {
      runs.push({
        connections: c,
        health: await runLoad({ name: 'GET /health', url: `${base}/health`, connections: c }),
        direct: await direct(c, REQUESTS),
        read: await runLoad({
          name: 'getSecurityGroup, API',
          url: `${base}/security-groups?${query}`,
          headers,
          connections: c,
          requests: REQUESTS,
        }),
        mcpRead: await runLoad({
          name: 'getSecurityGroup, MCP tools/call',
          url: `${base}/mcp`,
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-11-25',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'getSecurityGroup', arguments: TARGET },
          }),
          connections: c,
          requests: REQUESTS,
        }),
        write: await runLoad({
          name: 'closeSecurityGroupPort dry run, API',
          url: `${base}/security-groups/close-port`,
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            ...TARGET,
            port: 22,
            ticket: 'SEC-101',
            reason: 'bench',
            dryRun: true,
          }),
          connections: c,
          requests: Math.ceil(REQUESTS / 2),
          warmup: 100,
        }),
      });
    }
    return runs;
  } finally {
    await api.stop();
    await cloud.stop();
  }
}

/** The requester the sandbox's client-credentials token names, for the direct calls. */
const SANDBOX_JIRA = {
  kind: 'machine',
  name: 'sandbox-jira',
  clientId: 'sandbox-jira',
  sub: 'sandbox-jira',
  groups: [],
  scopes: ['remediation-api/read', 'remediation-api/write'],
  tokenId: undefined,
} as const satisfies Parameters<typeof directCalls>[1];

/** API time per request over the floor's (health + direct): latency at p50, and 1/throughput. */
export function ratios(run: ThroughputRun, api: LoadResult) {
  const perRequest = (r: LoadResult) => 1 / r.requestsPerSecond;
  return {
    p50: api.p50Ms / (run.health.p50Ms + run.direct.p50Ms),
    throughput: perRequest(api) / (perRequest(run.health) + perRequest(run.direct)),
  };
}
