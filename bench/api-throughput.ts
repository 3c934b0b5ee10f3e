import type { AddressInfo } from 'node:net';
import { startServer } from '../api/server.js';
import { startLocalCloud } from '../infra/local/local-cloud.js';
import { type LoadResult, runLoad } from './http-load.js';

/**
 * Throughput and latency of the health route (the floor: Fastify and the socket) and of an
 * authenticated getSecurityGroup (token check, role credentials from cache, two EC2 reads against
 * the sandbox with no added latency), measured in the same run.
 */
export async function benchApiThroughput(): Promise<{ health: LoadResult; read: LoadResult }> {
  const cloud = await startLocalCloud();
  const { sandbox } = cloud;
  Object.assign(process.env, cloud.env);
  const { app } = await startServer({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
  try {
    const api = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const token = sandbox.cognito.issueAccessToken({
      clientId: 'sandbox-jira',
      scopes: ['remediation-api/read'],
    });
    const health = await runLoad({ name: 'GET /health', url: `${api}/health` });
    const read = await runLoad({
      name: 'getSecurityGroup (authenticated)',
      url: `${api}/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001`,
      headers: { authorization: `Bearer ${token}` },
    });
    const jwksFetches =
      sandbox.requestCounts.get('/us-east-1_Sandbox01/.well-known/jwks.json') ?? 0;
    console.log(
      `JWKS fetched ${jwksFetches} time(s) for ${read.requests + 200} authenticated requests`,
    );
    return { health, read };
  } finally {
    await app.close();
    await cloud.close();
  }
}
