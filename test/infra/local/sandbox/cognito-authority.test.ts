import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import {
  CognitoAuthority,
  OAuthError,
  SANDBOX_CLIENTS,
  SANDBOX_USERS,
  SCOPES,
} from '../../../../infra/local/sandbox/cognito/authority.js';
import { isRegisteredCallback } from '../../../../infra/local/sandbox/cognito/pool.js';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Sandbox01';
const CLIENT_IDS = ['sandbox-jira', 'sandbox-auditor', 'sandbox-qbusiness', 'sandbox-swagger'];

function claimsOf(token: string): Record<string, unknown> {
  return decodeJwt(token);
}

/**
 * A JWKS cache that never reaches the network: on an unknown kid aws-jwt-verify would otherwise
 * fetch the real Cognito JWKS. This one answers with the sandbox keys for the pool's JWKS URI.
 */
function offlineJwksCache(authority: CognitoAuthority): SimpleJwksCache {
  return new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        if (uri !== `${authority.issuer}/.well-known/jwks.json`) {
          throw new Error(`No network in tests: ${uri}`);
        }
        return new TextEncoder().encode(JSON.stringify(authority.jwks())).buffer as ArrayBuffer;
      },
    },
  });
}

function accessVerifier(authority: CognitoAuthority) {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: authority.userPoolId, tokenUse: 'access', clientId: CLIENT_IDS },
    { jwksCache: offlineJwksCache(authority) },
  );
  verifier.cacheJwks(authority.jwks());
  return verifier;
}

describe('CognitoAuthority', () => {
  let authority: CognitoAuthority;
  before(async () => {
    authority = await CognitoAuthority.create({ baseUrl: 'http://127.0.0.1:4566/' });
  });

  it('names the pool and issuer like Cognito', () => {
    assert.equal(authority.userPoolId, 'us-east-1_Sandbox01');
    assert.equal(authority.issuer, ISSUER);
    assert.equal(authority.baseUrl, 'http://127.0.0.1:4566');
    assert.equal(
      authority.endpoints.jwks,
      'http://127.0.0.1:4566/us-east-1_Sandbox01/.well-known/jwks.json',
    );
  });

  it('publishes one RSA-2048 signing key as a JWK', () => {
    const { keys } = authority.jwks();
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.ok(key);
    assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    assert.equal(key.alg, 'RS256');
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    assert.equal(key.kid, authority.kid);
    const publicKey = createPublicKey({ key, format: 'jwk' });
    assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it('uses a fresh key id for every authority', async () => {
    const other = await CognitoAuthority.create({ baseUrl: 'http://127.0.0.1:1' });
    assert.notEqual(other.kid, authority.kid);
  });

  it('issues user access tokens that aws-jwt-verify accepts, with Cognito claims', async () => {
    const token = await authority.issueAccessToken({
      username: 'analyst',
      clientId: 'sandbox-qbusiness',
      scopes: [SCOPES.openid, SCOPES.write],
    });
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: authority.kid });
    const payload = await accessVerifier(authority).verify(token, { scope: SCOPES.write });
    const analyst = SANDBOX_USERS.find((user) => user.username === 'analyst');
    assert.deepEqual(Object.keys(payload), [
      'sub',
      'cognito:groups',
      'iss',
      'version',
      'client_id',
      'origin_jti',
      'event_id',
      'token_use',
      'scope',
      'auth_time',
      'exp',
      'iat',
      'jti',
      'username',
    ]);
    assert.equal(payload.sub, analyst?.sub);
    assert.match(
      payload.sub,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.deepEqual(payload['cognito:groups'], ['security-analysts']);
    assert.equal(payload.iss, ISSUER);
    assert.equal(payload.version, 2);
    assert.equal(payload.client_id, 'sandbox-qbusiness');
    assert.equal(payload.token_use, 'access');
    assert.equal(payload.scope, 'openid remediation-api/write');
    assert.equal(payload.username, 'analyst');
    assert.equal(payload.exp - payload.iat, 3600);
    assert.equal(payload.auth_time, payload.iat);
  });

  it('keeps sub stable per user and omits cognito:groups for users without groups', async () => {
    const first = claimsOf(
      await authority.issueAccessToken({ username: 'nobody', clientId: 'x', scopes: [] }),
    );
    const second = claimsOf(
      await authority.issueAccessToken({ username: 'nobody', clientId: 'y', scopes: [] }),
    );
    assert.equal(first.sub, second.sub);
    assert.notEqual(first.jti, second.jti);
    assert.equal('cognito:groups' in first, false);
    const responder = claimsOf(
      await authority.issueAccessToken({ username: 'responder', clientId: 'x', scopes: [] }),
    );
    assert.notEqual(responder.sub, first.sub);
    assert.deepEqual(responder['cognito:groups'], ['security-responders']);
  });

  it('issues machine tokens: sub is the client id, no username or groups', async () => {
    const token = await authority.issueAccessToken({
      clientId: 'sandbox-jira',
      scopes: [SCOPES.read, SCOPES.write],
    });
    const payload = await accessVerifier(authority).verify(token, { scope: SCOPES.read });
    assert.deepEqual(Object.keys(payload), [
      'sub',
      'token_use',
      'scope',
      'auth_time',
      'iss',
      'exp',
      'iat',
      'version',
      'jti',
      'client_id',
    ]);
    assert.equal(payload.sub, 'sandbox-jira');
    assert.equal(payload.client_id, 'sandbox-jira');
    assert.equal(payload.scope, 'remediation-api/read remediation-api/write');
  });

  it('lets tests override groups, lifetime and claims', async () => {
    const verifier = accessVerifier(authority);
    const grouped = await authority.issueAccessToken({
      username: 'nobody',
      clientId: 'sandbox-swagger',
      scopes: [SCOPES.read],
      groups: ['security-responders'],
    });
    assert.deepEqual((await verifier.verify(grouped))['cognito:groups'], ['security-responders']);
    const expired = await authority.issueAccessToken({
      username: 'analyst',
      clientId: 'sandbox-swagger',
      scopes: [SCOPES.read],
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
    });
    await assert.rejects(verifier.verify(expired), JwtExpiredError);
    const foreign = await authority.issueAccessToken({
      username: 'analyst',
      clientId: 'sandbox-swagger',
      scopes: [SCOPES.read],
      claims: { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' },
    });
    await assert.rejects(verifier.verify(foreign), /issuer not configured/);
    await assert.rejects(
      authority.issueAccessToken({ username: 'mallory', clientId: 'x', scopes: [] }),
      /Unknown sandbox user "mallory"/,
    );
  });

  it('issues ID tokens that an access-token verifier rejects', async () => {
    const idToken = await authority.issueIdToken({
      username: 'auditor',
      clientId: 'sandbox-swagger',
    });
    const claims = claimsOf(idToken);
    assert.equal(claims.token_use, 'id');
    assert.equal(claims.aud, 'sandbox-swagger');
    assert.equal(claims['cognito:username'], 'auditor');
    assert.equal(claims.email, 'auditor@sandbox.example.org');
    assert.equal('client_id' in claims, false);
    await assert.rejects(accessVerifier(authority).verify(idToken), CognitoJwtInvalidTokenUseError);
    const idVerifier = CognitoJwtVerifier.create(
      { userPoolId: authority.userPoolId, tokenUse: 'id', clientId: 'sandbox-swagger' },
      { jwksCache: offlineJwksCache(authority) },
    );
    idVerifier.cacheJwks(authority.jwks());
    assert.equal((await idVerifier.verify(idToken)).sub, claims.sub);
  });

  it('rejects tokens signed by another sandbox key', async () => {
    const other = await CognitoAuthority.create({ baseUrl: 'http://127.0.0.1:1' });
    const token = await other.issueAccessToken({
      clientId: 'sandbox-jira',
      scopes: [SCOPES.read],
    });
    await assert.rejects(accessVerifier(authority).verify(token), KidNotFoundInJwksError);
    assert.equal(await authority.verifyAccessToken(token), undefined);
    const forged = await authority.sign(claimsOf(token), { kid: other.kid });
    assert.equal(await authority.verifyAccessToken(forged), undefined);
  });

  it('exports the seeded users and clients', () => {
    assert.deepEqual(
      authority.users.map((user) => [user.username, user.password, [...user.groups]]),
      [
        ['analyst', 'analyst-sandbox-pass', ['security-analysts']],
        ['responder', 'responder-sandbox-pass', ['security-responders']],
        ['auditor', 'auditor-sandbox-pass', ['security-auditors']],
        ['nobody', 'nobody-sandbox-pass', []],
      ],
    );
    assert.deepEqual(
      SANDBOX_CLIENTS.map((client) => client.clientId),
      CLIENT_IDS,
    );
    assert.equal(authority.findClient('sandbox-swagger')?.clientSecret, undefined);
    assert.equal(authority.findClient('sandbox-swagger')?.pkceRequired, true);
    assert.ok(Object.isFrozen(authority.users[0]));
    assert.equal(authority.checkPassword('Analyst', 'analyst-sandbox-pass')?.username, 'analyst');
    assert.equal(authority.checkPassword('analyst', 'responder-sandbox-pass'), undefined);
    assert.equal(authority.checkPassword('ghost', 'ghost-sandbox-pass'), undefined);
  });

  it('matches registered callback URLs and nothing else', () => {
    const qbusiness = authority.findClient('sandbox-qbusiness');
    const swagger = authority.findClient('sandbox-swagger');
    assert.ok(qbusiness && swagger);
    for (const uri of [
      'http://127.0.0.1/oauth/callback',
      'http://127.0.0.1:8080/oauth/callback',
      'http://localhost:3000/plugin/v1/oauth/callback',
      'https://abc123.chat.qbusiness.us-east-1.on.aws/oauth/callback',
    ]) {
      assert.equal(isRegisteredCallback(qbusiness, uri), true, uri);
    }
    for (const uri of [
      'http://127.0.0.1.evil.example/oauth/callback',
      'http://evil.example/127.0.0.1/oauth/callback',
      'https://127.0.0.1:8080/oauth/callback?x=1',
      'http://127.0.0.1:8080/oauth/callback#frag',
      'http://127.0.0.1:8080/oauth/callback/extra',
      'http://user@127.0.0.1/oauth/callback',
      'http://127.0.0.1/a/../oauth/callback',
      'https://a.b.chat.qbusiness.us-east-1.on.aws/oauth/callback',
      'https://abc.chat.qbusiness.us-east-1.on.aws.evil.example/oauth/callback',
      'http://abc.chat.qbusiness.us-east-1.on.aws/oauth/callback',
    ]) {
      assert.equal(isRegisteredCallback(qbusiness, uri), false, uri);
    }
    assert.equal(
      isRegisteredCallback(swagger, 'http://localhost:3000/docs/static/oauth2-redirect.html'),
      true,
    );
    assert.equal(
      isRegisteredCallback(swagger, 'http://localhost:3001/docs/static/oauth2-redirect.html'),
      false,
    );
  });

  it('expires authorization codes after five minutes', async () => {
    let now = Date.now();
    const clocked = await CognitoAuthority.create({
      baseUrl: 'http://127.0.0.1:1',
      now: () => now,
    });
    const client = clocked.findClient('sandbox-qbusiness');
    const user = clocked.findUser('analyst');
    assert.ok(client && user);
    const redirectUri = 'http://127.0.0.1:9/oauth/callback';
    const issue = () =>
      clocked.createAuthorizationCode({ client, user, redirectUri, scopes: [SCOPES.read] });
    const fresh = issue();
    now += 299_000;
    assert.ok(
      await clocked.redeemAuthorizationCode({
        client,
        code: fresh,
        redirectUri,
        codeVerifier: undefined,
      }),
    );
    const stale = issue();
    now += 301_000;
    await assert.rejects(
      clocked.redeemAuthorizationCode({
        client,
        code: stale,
        redirectUri,
        codeVerifier: undefined,
      }),
      (error: unknown) => error instanceof OAuthError && error.code === 'invalid_grant',
    );
  });

  it('revokes the refresh token of a code replayed while its tokens are being signed', async () => {
    const client = authority.findClient('sandbox-qbusiness');
    const user = authority.findUser('analyst');
    assert.ok(client && user);
    const redirectUri = 'http://127.0.0.1:9/oauth/callback';
    const code = authority.createAuthorizationCode({
      client,
      user,
      redirectUri,
      scopes: [SCOPES.openid, SCOPES.read],
    });
    const redeem = () =>
      authority.redeemAuthorizationCode({ client, code, redirectUri, codeVerifier: undefined });
    const [first, replay] = await Promise.allSettled([redeem(), redeem()]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(replay.status, 'rejected');
    const tokens = first.value;
    assert.ok(tokens.refresh_token);
    assert.equal(await authority.verifyAccessToken(tokens.access_token), undefined);
    await assert.rejects(
      authority.refresh({ client, refreshToken: tokens.refresh_token }),
      (error: unknown) => error instanceof OAuthError && error.code === 'invalid_grant',
    );
  });
});
