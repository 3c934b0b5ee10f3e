import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { CognitoJwtInvalidTokenUseError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { decodeJwt } from 'jose';
import { CognitoAuthority } from '../../../../infra/local/sandbox/cognito/authority.js';
import { createCognitoRoute } from '../../../../infra/local/sandbox/cognito/route.js';
import { readBody } from '../../../../infra/local/sandbox/http.js';

/**
 * Serves the Cognito route on a free port, plus `/oauth/callback`, which echoes its query string
 * as JSON so the authorization code flow can follow its final redirect for real.
 */
async function serveCognito() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const authority = await CognitoAuthority.create({ baseUrl: url });
  const route = createCognitoRoute(authority);
  server.on('request', async (message, response) => {
    const request = {
      method: message.method ?? 'GET',
      url: new URL(message.url ?? '/', url),
      headers: message.headers,
      body: await readBody(message),
    };
    const answer = await route(request);
    if (answer) {
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    } else if (request.url.pathname.endsWith('/oauth/callback')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(Object.fromEntries(request.url.searchParams)));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, authority, close };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const SWAGGER_REDIRECT = 'http://127.0.0.1:3000/docs/static/oauth2-redirect.html';
const ALL_SCOPES = 'openid remediation-api/read remediation-api/write remediation-api/audit';

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** Hidden inputs of the sign-in page, as a browser would submit them. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1] as string] = (match[2] as string)
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  }
  return fields;
}

describe('sandbox Cognito over HTTP', () => {
  let sandbox: Awaited<ReturnType<typeof serveCognito>>;
  let verifier: ReturnType<typeof makeVerifier>;

  function makeVerifier() {
    // Keys come from the sandbox's JWKS endpoint; any other URI (real AWS) is refused.
    const jwksCache = new SimpleJwksCache({
      fetcher: {
        fetch: async (uri: string) => {
          if (uri !== `${sandbox.authority.issuer}/.well-known/jwks.json`) {
            throw new Error(`No network in tests: ${uri}`);
          }
          const response = await fetch(`${sandbox.url}/us-east-1_Sandbox01/.well-known/jwks.json`);
          return response.arrayBuffer();
        },
      },
    });
    return CognitoJwtVerifier.create(
      {
        userPoolId: 'us-east-1_Sandbox01',
        tokenUse: 'access',
        clientId: ['sandbox-jira', 'sandbox-auditor', 'sandbox-qbusiness', 'sandbox-swagger'],
      },
      { jwksCache },
    );
  }

  before(async () => {
    sandbox = await serveCognito();
    verifier = makeVerifier();
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.authority.reset());

  const tokenRequest = (
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });

  const authorizeUrl = (params: Record<string, string>) =>
    `${sandbox.url}/oauth2/authorize?${new URLSearchParams(params)}`;

  /** GET the sign-in page, then POST its form with the given password; returns the response. */
  async function signIn(params: Record<string, string>, username: string, password?: string) {
    const page = await fetch(authorizeUrl(params));
    assert.equal(page.status, 200);
    const form = {
      ...hiddenFields(await page.text()),
      username,
      password: password ?? `${username}-sandbox-pass`,
    };
    return fetch(`${sandbox.url}/oauth2/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
  }

  /** Signs in as `username` with the Swagger public client and returns the code and verifier. */
  async function swaggerCode(username = 'analyst', state = 'state-123') {
    const { verifier: codeVerifier, challenge } = pkcePair();
    const response = await signIn(
      {
        response_type: 'code',
        client_id: 'sandbox-swagger',
        redirect_uri: SWAGGER_REDIRECT,
        scope: 'openid remediation-api/write',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      username,
    );
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, SWAGGER_REDIRECT);
    assert.equal(location.searchParams.get('state'), state);
    const code = location.searchParams.get('code');
    assert.ok(code);
    return { code, codeVerifier };
  }

  describe('client_credentials', () => {
    it('issues a machine token for HTTP Basic clients', async () => {
      const response = await tokenRequest(
        { grant_type: 'client_credentials' },
        { authorization: basic('sandbox-jira', 'sandbox-jira-secret') },
      );
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const body = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3600);
      const claims = await verifier.verify(body.access_token as string, {
        scope: 'remediation-api/write',
      });
      assert.equal(claims.sub, 'sandbox-jira');
      assert.equal(claims.scope, 'remediation-api/read remediation-api/write');
      assert.equal(claims.username, undefined);
      assert.equal(claims['cognito:groups'], undefined);
    });

    it('narrows to the requested scope', async () => {
      const response = await tokenRequest(
        { grant_type: 'client_credentials', scope: 'remediation-api/audit' },
        { authorization: basic('sandbox-auditor', 'sandbox-auditor-secret') },
      );
      const body = (await response.json()) as { access_token: string };
      assert.equal((await verifier.verify(body.access_token)).scope, 'remediation-api/audit');
    });

    it('answers 401 invalid_client to a wrong secret or an unknown client', async () => {
      for (const authorization of [
        basic('sandbox-jira', 'wrong'),
        basic('sandbox-unknown', 'sandbox-jira-secret'),
        'Basic !!!',
      ]) {
        const response = await tokenRequest(
          { grant_type: 'client_credentials' },
          { authorization },
        );
        assert.equal(response.status, 401, authorization);
        assert.deepEqual(await response.json(), { error: 'invalid_client' });
      }
    });

    it('needs HTTP Basic, not the secret in the body', async () => {
      const response = await tokenRequest({
        grant_type: 'client_credentials',
        client_id: 'sandbox-jira',
        client_secret: 'sandbox-jira-secret',
      });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: 'invalid_client' });
    });

    it('refuses scopes the client is not allowed', async () => {
      for (const scope of ['remediation-api/audit', 'openid', 'remediation-api/delete']) {
        const response = await tokenRequest(
          { grant_type: 'client_credentials', scope },
          { authorization: basic('sandbox-jira', 'sandbox-jira-secret') },
        );
        assert.equal(response.status, 400, scope);
        assert.deepEqual(await response.json(), { error: 'invalid_scope' });
      }
    });

    it('refuses clients without the grant, unknown grants and non-form bodies', async () => {
      const unauthorized = await tokenRequest(
        { grant_type: 'client_credentials' },
        { authorization: basic('sandbox-qbusiness', 'sandbox-qbusiness-secret') },
      );
      assert.equal(unauthorized.status, 400);
      assert.deepEqual(await unauthorized.json(), { error: 'unauthorized_client' });
      const unsupported = await tokenRequest(
        { grant_type: 'password' },
        { authorization: basic('sandbox-jira', 'sandbox-jira-secret') },
      );
      assert.deepEqual(await unsupported.json(), { error: 'unsupported_grant_type' });
      const missing = await tokenRequest({}, { authorization: basic('sandbox-jira', 'x') });
      assert.deepEqual(await missing.json(), { error: 'invalid_request' });
      const asJson = await fetch(`${sandbox.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      assert.equal(asJson.status, 400);
      assert.deepEqual(await asJson.json(), { error: 'invalid_request' });
    });
  });

  describe('authorization code with PKCE (public Swagger client)', () => {
    it('renders an accessible sign-in page carrying the request', async () => {
      const { challenge } = pkcePair();
      const response = await fetch(
        authorizeUrl({
          response_type: 'code',
          client_id: 'sandbox-swagger',
          redirect_uri: SWAGGER_REDIRECT,
          state: '"><script>alert(1)</script>',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
      );
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      const html = await response.text();
      assert.match(html, /<html lang="en">/);
      assert.match(html, /Sandbox Swagger UI/);
      assert.match(html, /<form method="post" action="\/oauth2\/authorize">/);
      assert.match(html, /<label for="username">Username<\/label>/);
      assert.match(html, /<input type="text" id="username" name="username"/);
      assert.match(html, /<label for="password">Password<\/label>/);
      assert.match(html, /<input type="password" id="password" name="password"/);
      assert.match(html, /<button type="submit">Sign in<\/button>/);
      assert.doesNotMatch(html, /<script/);
      assert.equal(hiddenFields(html).state, '"><script>alert(1)</script>');
      assert.equal(hiddenFields(html).code_challenge, challenge);
    });

    it('shows the page again with an error on a wrong password', async () => {
      const { challenge } = pkcePair();
      const response = await signIn(
        {
          response_type: 'code',
          client_id: 'sandbox-swagger',
          redirect_uri: SWAGGER_REDIRECT,
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
        'analyst',
        'responder-sandbox-pass',
      );
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('location'), null);
      const html = await response.text();
      assert.match(html, /role="alert">Incorrect username or password\./);
      assert.match(html, /name="username" value="analyst"/);
      assert.equal(hiddenFields(html).code_challenge, challenge);
    });

    it('signs in, redirects with code and state, and exchanges the code once', async () => {
      const { code, codeVerifier } = await swaggerCode('analyst');
      const exchange = () =>
        tokenRequest({
          grant_type: 'authorization_code',
          client_id: 'sandbox-swagger',
          code,
          redirect_uri: SWAGGER_REDIRECT,
          code_verifier: codeVerifier,
        });
      const response = await exchange();
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, string>;
      assert.deepEqual(Object.keys(body).sort(), [
        'access_token',
        'expires_in',
        'id_token',
        'token_type',
      ]);
      const claims = await verifier.verify(body.access_token as string, {
        scope: 'remediation-api/write',
      });
      assert.equal(claims.username, 'analyst');
      assert.equal(claims.client_id, 'sandbox-swagger');
      assert.deepEqual(claims['cognito:groups'], ['security-analysts']);
      assert.equal(claims.scope, 'openid remediation-api/write');
      await assert.rejects(
        verifier.verify(body.id_token as string),
        CognitoJwtInvalidTokenUseError,
      );
      const idClaims = decodeJwt(body.id_token as string);
      assert.equal(idClaims.aud, 'sandbox-swagger');
      assert.equal(idClaims.origin_jti, claims.origin_jti);

      const replay = await exchange();
      assert.equal(replay.status, 400);
      assert.deepEqual(await replay.json(), { error: 'invalid_grant' });
    });

    it('rejects a wrong code_verifier, and the code is spent afterwards', async () => {
      const { code, codeVerifier } = await swaggerCode();
      const form = {
        grant_type: 'authorization_code',
        client_id: 'sandbox-swagger',
        code,
        redirect_uri: SWAGGER_REDIRECT,
      };
      const wrong = await tokenRequest({ ...form, code_verifier: pkcePair().verifier });
      assert.equal(wrong.status, 400);
      assert.deepEqual(await wrong.json(), { error: 'invalid_grant' });
      const right = await tokenRequest({ ...form, code_verifier: codeVerifier });
      assert.deepEqual(await right.json(), { error: 'invalid_grant' });
    });

    it('rejects a missing code_verifier and a different redirect_uri', async () => {
      const first = await swaggerCode();
      const noVerifier = await tokenRequest({
        grant_type: 'authorization_code',
        client_id: 'sandbox-swagger',
        code: first.code,
        redirect_uri: SWAGGER_REDIRECT,
      });
      assert.deepEqual(await noVerifier.json(), { error: 'invalid_grant' });
      const second = await swaggerCode();
      const otherUri = await tokenRequest({
        grant_type: 'authorization_code',
        client_id: 'sandbox-swagger',
        code: second.code,
        redirect_uri: 'http://localhost:3000/docs/static/oauth2-redirect.html',
        code_verifier: second.codeVerifier,
      });
      assert.equal(otherUri.status, 400);
      assert.deepEqual(await otherUri.json(), { error: 'invalid_grant' });
    });

    it('rejects a code presented by another client', async () => {
      const { code, codeVerifier } = await swaggerCode();
      const response = await tokenRequest(
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: SWAGGER_REDIRECT,
          code_verifier: codeVerifier,
        },
        { authorization: basic('sandbox-qbusiness', 'sandbox-qbusiness-secret') },
      );
      assert.deepEqual(await response.json(), { error: 'invalid_grant' });
    });

    it('requires PKCE from the public client, redirecting the error back', async () => {
      const response = await fetch(
        authorizeUrl({
          response_type: 'code',
          client_id: 'sandbox-swagger',
          redirect_uri: SWAGGER_REDIRECT,
          state: 's1',
        }),
        { redirect: 'manual' },
      );
      assert.equal(response.status, 302);
      const location = new URL(response.headers.get('location') ?? '');
      assert.equal(location.searchParams.get('error'), 'invalid_request');
      assert.equal(location.searchParams.get('state'), 's1');
    });

    it('never redirects to an unknown client or an unregistered redirect_uri', async () => {
      const { challenge } = pkcePair();
      const cases: Record<string, string>[] = [
        { client_id: 'sandbox-unknown', redirect_uri: SWAGGER_REDIRECT },
        { client_id: 'sandbox-swagger', redirect_uri: 'https://evil.example/callback' },
        { client_id: 'sandbox-swagger' },
        { client_id: 'sandbox-jira', redirect_uri: 'http://127.0.0.1:3000/oauth/callback' },
      ];
      for (const params of cases) {
        const response = await fetch(
          authorizeUrl({
            response_type: 'code',
            code_challenge: challenge,
            code_challenge_method: 'S256',
            ...params,
          }),
          { redirect: 'manual' },
        );
        assert.equal(response.status, 400, JSON.stringify(params));
        assert.equal(response.headers.get('location'), null);
        assert.match(await response.text(), /Sign-in error/);
      }
    });

    it('redirects invalid_scope back to a registered client', async () => {
      const { challenge } = pkcePair();
      const response = await fetch(
        authorizeUrl({
          response_type: 'code',
          client_id: 'sandbox-swagger',
          redirect_uri: SWAGGER_REDIRECT,
          scope: 'openid aws.cognito.signin.user.admin',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      const location = new URL(response.headers.get('location') ?? '');
      assert.equal(location.searchParams.get('error'), 'invalid_scope');
    });

    it('answers the CORS preflight of the token endpoint', async () => {
      const response = await fetch(`${sandbox.url}/oauth2/token`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://127.0.0.1:3000',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    });
  });

  describe('authorization code and refresh (confidential Q Business client)', () => {
    const qbusiness = basic('sandbox-qbusiness', 'sandbox-qbusiness-secret');

    /** Runs the whole flow, following the final redirect to the local /oauth/callback. */
    async function qbusinessTokens(username: string, scope = ALL_SCOPES) {
      const redirectUri = `${sandbox.url}/plugin/oauth/callback`;
      const response = await signIn(
        {
          response_type: 'code',
          client_id: 'sandbox-qbusiness',
          redirect_uri: redirectUri,
          scope,
          state: 'q',
        },
        username,
      );
      assert.equal(response.status, 302);
      const landed = await fetch(response.headers.get('location') ?? '');
      const query = (await landed.json()) as Record<string, string>;
      assert.equal(query.state, 'q');
      const exchange = await tokenRequest(
        { grant_type: 'authorization_code', code: query.code as string, redirect_uri: redirectUri },
        { authorization: qbusiness },
      );
      assert.equal(exchange.status, 200);
      return {
        code: query.code as string,
        redirectUri,
        tokens: (await exchange.json()) as Record<string, string>,
      };
    }

    it('issues access, ID and refresh tokens, and refreshes them', async () => {
      const { tokens } = await qbusinessTokens('responder');
      assert.ok(tokens.refresh_token);
      const first = await verifier.verify(tokens.access_token as string);
      assert.equal(first.username, 'responder');
      assert.equal(first.scope, ALL_SCOPES);

      const refreshed = await tokenRequest(
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        { authorization: qbusiness },
      );
      assert.equal(refreshed.status, 200);
      const body = (await refreshed.json()) as Record<string, string>;
      assert.deepEqual(Object.keys(body).sort(), [
        'access_token',
        'expires_in',
        'id_token',
        'token_type',
      ]);
      const second = await verifier.verify(body.access_token as string);
      assert.equal(second.sub, first.sub);
      assert.equal(second.origin_jti, first.origin_jti);
      assert.equal(second.auth_time, first.auth_time);
      assert.notEqual(second.jti, first.jti);
    });

    it('accepts the secret in the body for refresh; no ID token without openid', async () => {
      const { tokens } = await qbusinessTokens('auditor', 'remediation-api/audit');
      assert.equal(tokens.id_token, undefined, 'no openid scope, no ID token');
      const refreshed = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: 'sandbox-qbusiness',
        client_secret: 'sandbox-qbusiness-secret',
      });
      assert.equal(refreshed.status, 200);
    });

    it('rejects bad refresh tokens and refresh by other clients', async () => {
      const { tokens } = await qbusinessTokens('analyst');
      const unknown = await tokenRequest(
        { grant_type: 'refresh_token', refresh_token: 'not-a-token' },
        { authorization: qbusiness },
      );
      assert.deepEqual(await unknown.json(), { error: 'invalid_grant' });
      const swagger = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: 'sandbox-swagger',
      });
      assert.deepEqual(await swagger.json(), { error: 'unauthorized_client' });
      const noSecret = await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: 'sandbox-qbusiness',
      });
      assert.equal(noSecret.status, 401);
    });

    it('revokes refresh tokens; userInfo then refuses their access tokens', async () => {
      const { tokens } = await qbusinessTokens('analyst');
      const bearer = { authorization: `Bearer ${tokens.access_token}` };
      const info = await fetch(`${sandbox.url}/oauth2/userInfo`, { headers: bearer });
      assert.equal(info.status, 200);
      const user = (await info.json()) as Record<string, string>;
      assert.equal(user.username, 'analyst');
      assert.equal(user.email, 'analyst@sandbox.example.org');

      const revoke = await fetch(`${sandbox.url}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: qbusiness },
        body: new URLSearchParams({ token: tokens.refresh_token as string }),
      });
      assert.equal(revoke.status, 200);
      const refresh = await tokenRequest(
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        { authorization: qbusiness },
      );
      assert.deepEqual(await refresh.json(), { error: 'invalid_grant' });
      const after = await fetch(`${sandbox.url}/oauth2/userInfo`, { headers: bearer });
      assert.equal(after.status, 401);
    });

    it('revokes what a code issued when the code is replayed', async () => {
      const { code, redirectUri, tokens } = await qbusinessTokens('analyst');
      const replay = await tokenRequest(
        { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
        { authorization: qbusiness },
      );
      assert.deepEqual(await replay.json(), { error: 'invalid_grant' });
      const refresh = await tokenRequest(
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
        { authorization: qbusiness },
      );
      assert.deepEqual(await refresh.json(), { error: 'invalid_grant' });
    });
  });

  describe('discovery', () => {
    it('serves the JWKS', async () => {
      const response = await fetch(`${sandbox.url}/us-east-1_Sandbox01/.well-known/jwks.json`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(await response.json(), sandbox.authority.jwks());
    });

    it('serves the OpenID configuration with the Cognito issuer and sandbox endpoints', async () => {
      const response = await fetch(
        `${sandbox.url}/us-east-1_Sandbox01/.well-known/openid-configuration`,
      );
      assert.equal(response.status, 200);
      const config = (await response.json()) as Record<string, unknown>;
      assert.equal(
        config.issuer,
        'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Sandbox01',
      );
      assert.equal(config.authorization_endpoint, `${sandbox.url}/oauth2/authorize`);
      assert.equal(config.token_endpoint, `${sandbox.url}/oauth2/token`);
      assert.equal(config.jwks_uri, `${sandbox.url}/us-east-1_Sandbox01/.well-known/jwks.json`);
      assert.deepEqual(config.code_challenge_methods_supported, ['S256']);
      assert.ok((config.scopes_supported as string[]).includes('remediation-api/write'));
    });

    it('leaves other paths to other routes', async () => {
      const route = createCognitoRoute(sandbox.authority);
      const request = (path: string) => ({
        method: 'GET',
        url: new URL(path, sandbox.url),
        headers: {},
        body: Buffer.alloc(0),
      });
      assert.equal(await route(request('/')), undefined);
      assert.equal(await route(request('/us-east-1_Other/.well-known/jwks.json')), undefined);
      assert.equal(await route(request('/oauth2/unknown')), undefined);
    });
  });
});
