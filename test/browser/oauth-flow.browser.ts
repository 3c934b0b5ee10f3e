import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import { SEED } from '../../infra/local/sandbox/seed.js';
import type { Sandbox } from '../../infra/local/sandbox/server.js';
import { launchChromium } from './chromium.js';

/**
 * The assistant's side of the OAuth authorization-code flow, in a real browser: Q Business (or
 * Amazon Quick) sends the person to the authorize URL, receives the code at its /oauth/callback,
 * exchanges it with the plugin client's secret and calls the API with the access token.
 * Runs with `npm run test:browser` (Debian's chromium); `npm test` does not need a browser.
 */
const CLIENT_ID = 'sandbox-qbusiness';
const CLIENT_SECRET = 'sandbox-qbusiness-secret';
const SCOPES = 'openid remediation-api/read remediation-api/write';

interface Callback {
  url: string;
  received: Promise<URLSearchParams>;
  close(): Promise<void>;
}

/** The assistant's redirect endpoint: it only has to receive the code. */
async function startCallback(): Promise<Callback> {
  let deliver: (query: URLSearchParams) => void = () => {};
  const received = new Promise<URLSearchParams>((resolve) => {
    deliver = resolve;
  });
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') {
      response.writeHead(404).end();
      return;
    }
    deliver(url.searchParams);
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      '<!doctype html><title>Signed in</title><p>Signed in. You can close this window.</p>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/callback`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the OAuth flow of the chat assistant, in a browser', () => {
  let cloud: LocalCloud;
  let sandbox: Sandbox;
  let app: FastifyInstance;
  let api: string;
  let browser: Browser;

  before(async () => {
    // The audit trail is written before any change, as with `npm start`.
    cloud = await startLocalCloud();
    sandbox = cloud.sandbox;
    Object.assign(process.env, cloud.env);
    const config = loadConfig({ ...cloud.env, PORT: '0' });
    app = await buildApp({ config });
    api = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await cloud?.close();
  });

  /** Signs in through the hosted page as the assistant would make the person do. */
  async function signIn(username: string): Promise<string> {
    const callback = await startCallback();
    try {
      const state = `state-${Math.random().toString(36).slice(2)}`;
      const authorize = new URL('/oauth2/authorize', sandbox.url);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: callback.url,
        scope: SCOPES,
        state,
      }).toString();
      const page = await browser.newPage();
      await page.goto(authorize.toString());
      assert.equal(await page.locator('h1').textContent(), 'Sign in');
      assert.match(
        String(await page.locator('main').textContent()),
        /Sandbox Amazon Q Business plugin/,
      );
      const shot = process.env.SCREENSHOT_DIR ?? tmpdir();
      await page.screenshot({ path: join(shot, `oauth-sign-in-${username}.png`) });
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(`${username}-sandbox-pass`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const query = await callback.received;
      await page.waitForURL((url) => url.pathname === '/oauth/callback');
      assert.match(String(await page.locator('body').textContent()), /Signed in/);
      await page.close();
      assert.equal(query.get('state'), state, 'the state comes back unchanged');
      const code = query.get('code');
      assert.ok(code, 'the callback received a code');
      return exchange(code, callback.url);
    } finally {
      await callback.close();
    }
  }

  async function exchange(code: string, redirectUri: string): Promise<string> {
    const response = await fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: CLIENT_ID,
      }),
    });
    const tokens = (await response.json()) as { access_token?: string; token_type?: string };
    assert.equal(response.status, 200, JSON.stringify(tokens));
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.access_token);
    return tokens.access_token;
  }

  async function post(token: string, path: string, body: unknown) {
    const response = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('an analyst signs in, the code is exchanged, and closeSecurityGroupPort runs with the token', async () => {
    const token = await signIn('analyst');
    const answer = await post(token, '/security-groups/close-port', {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.webFrontend,
      ticket: 'SEC-101',
      reason: 'SSH open to the world on the web tier',
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, 'remediated', JSON.stringify(answer.body));
    assert.match(String(answer.body.summary), /Closed port 22/);
  });

  it('the same analyst is refused a responders-only operation with a 2XX answer saying why', async () => {
    const token = await signIn('analyst');
    const answer = await post(token, '/iam/users/delete', {
      accountId: SEED.accounts.production,
      userName: SEED.iam.attackerUsers[1],
      ticket: 'SEC-102',
      reason: 'User created by the attacker',
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.outcome, 'refused');
    assert.match(
      String(answer.body.summary),
      /analyst.*may not delete an IAM user and everything it owns.*security-responders/,
    );
  });
});
