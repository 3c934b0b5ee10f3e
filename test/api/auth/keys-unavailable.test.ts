import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import {
  type KeyServer,
  type KeyServerMode,
  refusedUrl,
  startKeyServer,
} from '../../helpers/key-server.js';

const GROUP_URL =
  '/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001';

/**
 * The keys are fetched as in production, from a key server the test breaks on purpose. A valid
 * token must never be called invalid because the key server is down: that is the service's
 * fault, answered 503 with Retry-After. The order matters: failed fetches are not cached, and
 * once a fetch succeeds the keys stay cached.
 */
describe('when the signing keys cannot be fetched', () => {
  let keys: KeyServer;
  let h: Harness;
  before(async () => {
    keys = await startKeyServer();
    h = await startHarness({ COGNITO_JWKS_URI: keys.url }, { fetchKeys: true });
    keys.jwks = h.tokens.jwks();
  });
  after(async () => {
    await h?.close();
    await keys?.close();
  });

  const outages: Array<[string, KeyServerMode]> = [
    ['answers HTTP 500', 'http-500'],
    ['drops the connection', 'reset'],
    ['answers a page that is not a key set', 'not-json'],
    ['does not answer within the timeout', 'hang'],
  ];
  for (const [name, mode] of outages) {
    it(`answers 503 with Retry-After to a valid token when the key server ${name}`, async () => {
      keys.mode = mode;
      const response = await h.call(h.tokens.machine('sandbox-jira'), { url: GROUP_URL });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.json().error, 'KeysUnavailable');
      assert.match(response.json().message, /sign-in keys could not be loaded/);
      assert.match(String(response.headers['retry-after']), /^\d+$/);
      assert.equal(h.sandbox.knobs.calls.length, 0);
    });
  }

  it('answers 503 during an outage, admits the token once the keys load, then keeps them', async () => {
    const token = h.tokens.machine('sandbox-jira');
    keys.mode = 'http-500';
    assert.equal((await h.call(token, { url: GROUP_URL })).statusCode, 503);
    // A failed fetch is not cached: the first request after the outage loads the keys.
    keys.mode = 'serve';
    assert.equal((await h.call(token, { url: GROUP_URL })).statusCode, 200);
    keys.mode = 'reset';
    const requests = keys.requests;
    assert.equal((await h.call(token, { url: GROUP_URL })).statusCode, 200);
    assert.equal(keys.requests, requests);
  });
});

describe('when nothing listens at the key URL', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ COGNITO_JWKS_URI: await refusedUrl() }, { fetchKeys: true });
  });
  after(() => h?.close());

  it('answers 503 with Retry-After to a valid token, and still 401 to a malformed one', async () => {
    const response = await h.call(h.tokens.machine('sandbox-jira'), { url: GROUP_URL });
    assert.equal(response.statusCode, 503, response.body);
    assert.ok(Number(response.headers['retry-after']) > 0);
    assert.equal(response.headers['www-authenticate'], undefined);
    // A token that cannot be parsed is refused before any key is needed.
    assert.equal((await h.call('not-a-jwt', { url: GROUP_URL })).statusCode, 401);
  });
});
