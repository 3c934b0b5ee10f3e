import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startServer } from '../../api/server.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import { sandboxMachineToken } from '../../infra/local/sandbox/cognito/machine-token.js';
import type { Sandbox } from '../../infra/local/sandbox/server.js';
import { ingressOf, memberEc2 } from '../helpers/member-account.js';

/**
 * The whole path over real sockets, as a new user does it with curl: a token from the sandbox's
 * /oauth2/token, keys fetched from its JWKS endpoint, the API on a real port, AWS through the SDK.
 */
describe('closing a port over HTTP, end to end', () => {
  let cloud: LocalCloud;
  let sandbox: Sandbox;
  let app: FastifyInstance;
  let api: string;

  before(async () => {
    cloud = await startLocalCloud();
    sandbox = cloud.sandbox;
    Object.assign(process.env, cloud.env);
    ({ app } = await startServer({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }));
    api = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    await cloud.close();
  });

  const token = () => sandboxMachineToken(sandbox.url);
  const close = async (bearer: string, body: Record<string, unknown>) => {
    const response = await fetch(`${api}/security-groups/close-port`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        accountId: '333333333333',
        region: 'us-east-1',
        groupId: 'sg-0a1b2c3d4e5f60201',
        port: 22,
        ticket: 'SEC-101',
        reason: 'attacker opened SSH to the world',
        ...body,
      }),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { outcome: string; summary: string };
  };

  it('plans, closes, and then finds nothing left to do', async () => {
    const bearer = await token();
    const ec2 = await memberEc2(sandbox.url, '333333333333', 'us-east-1');
    const before = await ingressOf(ec2, 'sg-0a1b2c3d4e5f60201');
    assert.equal((await close(bearer, { dryRun: true })).outcome, 'planned');
    assert.deepEqual(await ingressOf(ec2, 'sg-0a1b2c3d4e5f60201'), before);
    const done = await close(bearer, {});
    assert.equal(done.outcome, 'remediated', done.summary);
    const after = await ingressOf(ec2, 'sg-0a1b2c3d4e5f60201');
    assert.ok(![...after.values()].some((rule) => /^tcp 22-22 (0\.0\.0\.0\/0|::\/0)$/.test(rule)));
    for (const [id, rule] of after) assert.equal(before.get(id), rule, 'other rules unchanged');
    assert.equal((await close(bearer, {})).outcome, 'already_compliant');
  });

  it('fetches the signing keys once, not per request', async () => {
    const bearer = await token();
    const jwksPath = '/us-east-1_Sandbox01/.well-known/jwks.json';
    const fetchesBefore = sandbox.requestCounts.get(jwksPath) ?? 0;
    for (let i = 0; i < 20; i += 1) {
      const response = await fetch(
        `${api}/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60005`,
        { headers: { authorization: `Bearer ${bearer}` } },
      );
      assert.equal(response.status, 200);
    }
    assert.ok(fetchesBefore <= 1);
    assert.equal(sandbox.requestCounts.get(jwksPath), 1);
  });

  it('answers 401 with a Bearer challenge over the wire', async () => {
    const response = await fetch(`${api}/security-groups/close-port`, { method: 'POST' });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
  });

  it('answers only names of this machine in Host, against DNS rebinding', async () => {
    const statusWithHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const call = request(`${api}/mcp`, { method: 'POST', headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        call.on('error', reject).end();
      });
    const { port } = app.server.address() as AddressInfo;
    assert.equal(await statusWithHost(`attacker.example:${port}`), 403);
    assert.equal(await statusWithHost(`127.0.0.1:${port}`), 401, 'a local name reaches the door');
    assert.equal(await statusWithHost(`localhost:${port}`), 401);
  });
});
