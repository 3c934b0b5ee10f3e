import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { TokenFactory } from '../../helpers/token-factory.js';

const GROUP_URL =
  '/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001';

describe('authentication', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('leaves /health and the OpenAPI document open', async () => {
    assert.equal((await h.call(undefined, { url: '/health' })).statusCode, 200);
    const doc = await h.call(undefined, { url: '/openapi.json' });
    assert.equal(doc.statusCode, 200);
    assert.equal(doc.json().openapi, '3.0.3');
  });

  it('admits a valid access token with the read scope', async () => {
    const response = await h.call(h.tokens.machine('sandbox-jira'), { url: GROUP_URL });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().found, true);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const rejected: Array<[string, (t: TokenFactory) => string | undefined, RegExp]> = [
    ['no token', () => undefined, /Bearer access token/],
    ['a malformed token', () => 'not-a-jwt', /malformed/],
    ['an expired token', (t) => t.user('analyst', { claims: { exp: now() - 60 } }), /expired/],
    // JSON drops the undefined claim: signed and otherwise valid, but it would never expire.
    [
      'a token without an expiry',
      (t) => t.user('analyst', { claims: { exp: undefined } }),
      /expiry/,
    ],
    [
      'a token not valid yet',
      (t) => t.user('analyst', { claims: { nbf: now() + 600 } }),
      /not valid yet/,
    ],
    [
      'a token from another user pool',
      (t) =>
        t.user('analyst', {
          claims: { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other0001' },
        }),
      /another identity provider/,
    ],
    [
      'a token for another client',
      (t) => t.user('analyst', { clientId: 'someone-else' }),
      /client this API does not accept/,
    ],
    [
      'an ID token',
      (t) => t.user('analyst', { claims: { token_use: 'id', aud: 'sandbox-qbusiness' } }),
      /ID token/,
    ],
    [
      'a token whose payload was changed after signing',
      (t) => {
        const [header, , signature] = t.user('analyst').split('.');
        const forged = Buffer.from(
          JSON.stringify({ username: 'responder', 'cognito:groups': ['security-responders'] }),
        ).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
      /.+/,
    ],
    [
      'an unsigned token (alg none)',
      (t) => {
        const [, payload] = t.user('analyst').split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'none', kid: t.kid })).toString(
          'base64url',
        );
        return `${header}.${payload}.`;
      },
      /.+/,
    ],
    [
      'a token signed by an unknown key',
      (t) => t.user('analyst', { header: { kid: 'not-ours' } }),
      /unknown key/,
    ],
    [
      'a token signed by a key we never trusted',
      () => new TokenFactory().user('analyst'),
      /unknown key/,
    ],
  ];

  for (const [name, make, reason] of rejected) {
    it(`answers 401 to ${name}, calling no AWS API`, async () => {
      const token = make(h.tokens);
      const response = await h.call(token, { url: GROUP_URL });
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['www-authenticate']), /^Bearer realm="remediation-api"/);
      assert.match(response.json().message, reason);
      assert.equal(h.sandbox.knobs.calls.length, 0);
    });
  }

  it('refuses a token once it expires, even right after admitting it', async () => {
    // Verified tokens are remembered; remembering must never outlive the token's own exp.
    const token = h.tokens.machine('sandbox-jira', { claims: { exp: now() + 2 } });
    assert.equal((await h.call(token, { url: GROUP_URL })).statusCode, 200);
    assert.equal((await h.call(token, { url: GROUP_URL })).statusCode, 200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const later = await h.call(token, { url: GROUP_URL });
    assert.equal(later.statusCode, 401);
    assert.match(later.json().message, /expired/);
  });

  it('accepts the Bearer scheme in any case (RFC 7235)', async () => {
    const token = h.tokens.machine('sandbox-jira');
    for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
      const response = await h.call(undefined, {
        url: GROUP_URL,
        headers: { authorization: `${scheme} ${token}` },
      });
      assert.equal(response.statusCode, 200, `${scheme}: ${response.body}`);
    }
  });

  it('answers 401 to a scheme other than Bearer', async () => {
    const response = await h.call(undefined, {
      url: GROUP_URL,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    assert.equal(response.statusCode, 401);
  });

  it('answers 403 naming the scope when the token lacks it', async () => {
    const token = h.tokens.machine('sandbox-auditor', { scopes: ['remediation-api/audit'] });
    const response = await h.call(token, { url: GROUP_URL });
    assert.equal(response.statusCode, 403);
    assert.match(response.json().message, /remediation-api\/read/);
    assert.match(String(response.headers['www-authenticate']), /insufficient_scope/);
    const write = await h.call(
      h.tokens.user('analyst', { scopes: ['remediation-api/read'], groups: ['security-analysts'] }),
      {
        method: 'POST',
        url: '/security-groups/close-port',
        payload: {
          accountId: '222222222222',
          region: 'us-east-1',
          groupId: 'sg-0a1b2c3d4e5f60001',
          dryRun: true,
        },
      },
    );
    assert.equal(write.statusCode, 403);
    assert.match(write.json().message, /remediation-api\/write/);
    assert.equal(h.sandbox.knobs.calls.length, 0);
  });
});
