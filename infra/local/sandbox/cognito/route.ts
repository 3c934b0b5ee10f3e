import { decodeJwt, decodeProtectedHeader } from 'jose';
import { json, type Route, type SandboxRequest, type SandboxResponse } from '../http.js';
import {
  type CognitoAuthority,
  OAuthError,
  type OAuthErrorCode,
  type SandboxClient,
  splitScope,
  type TokenSet,
} from './authority.js';
import { errorPage, signInPage } from './pages.js';
import { isRegisteredCallback } from './pool.js';

/**
 * The hosted-UI and OAuth 2.0 endpoints of the sandbox user pool, with Cognito's paths, status
 * codes and error bodies. Every other path is left to the next route.
 */
export function createCognitoRoute(authority: CognitoAuthority): Route {
  const wellKnown = `/${authority.userPoolId}/.well-known`;
  return async (request) => {
    switch (request.url.pathname) {
      case '/oauth2/authorize':
        return authorize(authority, request);
      case '/oauth2/token':
        return withCors(request, ['POST'], () => token(authority, request));
      case '/oauth2/revoke':
        return withCors(request, ['POST'], () => revoke(authority, request));
      case '/oauth2/userInfo':
      case '/oauth2/userinfo':
        return withCors(request, ['GET', 'POST'], () => userInfo(authority, request));
      case `${wellKnown}/jwks.json`:
        return withCors(request, ['GET'], () => document(authority.jwks()));
      case `${wellKnown}/openid-configuration`:
        return withCors(request, ['GET'], () => document(authority.openidConfiguration()));
      // RFC 8414, at the paths MCP clients try for an authorization server named by the sandbox
      // URL (root) or by the pool's path. The same endpoints as the OpenID discovery; like
      // Cognito, no registration_endpoint: there is no dynamic client registration. The issuer
      // is the URL the document was asked for, as RFC 8414 §3.3 requires (clients check it); the
      // tokens' `iss` stays the Cognito string the API verifies.
      case '/.well-known/oauth-authorization-server':
        return withCors(request, ['GET'], () => document(serverMetadata(authority, '')));
      case `/.well-known/oauth-authorization-server/${authority.userPoolId}`:
      case `${wellKnown}/oauth-authorization-server`:
        return withCors(request, ['GET'], () =>
          document(serverMetadata(authority, `/${authority.userPoolId}`)),
        );
      default:
        return undefined;
    }
  };
}

/** RFC 8414 metadata for the authorization server identified by the sandbox URL + `path`. */
function serverMetadata(authority: CognitoAuthority, path: string): Record<string, unknown> {
  const base = authority.endpoints.authorization.replace(/\/oauth2\/authorize$/, '');
  return { ...authority.openidConfiguration(), issuer: `${base}${path}` };
}

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, x-requested-with',
  'access-control-max-age': '600',
};

const NO_STORE: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };

async function withCors(
  request: SandboxRequest,
  methods: string[],
  handle: () => SandboxResponse | Promise<SandboxResponse>,
): Promise<SandboxResponse> {
  const allow = [...methods, 'OPTIONS'].join(', ');
  const headers = { ...CORS, 'access-control-allow-methods': allow };
  let response: SandboxResponse;
  if (request.method === 'OPTIONS') response = { status: 204, headers: {} };
  else if (!methods.includes(request.method)) {
    response = json(405, { error: 'invalid_request' }, { allow });
  } else response = await handle();
  return { ...response, headers: { ...response.headers, ...headers } };
}

function document(value: unknown): SandboxResponse {
  return json(200, value, { 'cache-control': 'public, max-age=300' });
}

// ---------------------------------------------------------------------------------------------
// Form parsing and client authentication

function isForm(request: SandboxRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function parseForm(request: SandboxRequest): URLSearchParams {
  if (!isForm(request)) {
    throw new OAuthError('invalid_request', 'Body must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(request.body.toString('utf8'));
  const repeated = repeatedName(params);
  if (repeated) throw new OAuthError('invalid_request', `Parameter ${repeated} given twice`);
  return params;
}

function repeatedName(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** A parameter, with the empty string treated as absent. */
function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
}

interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

function basicCredentials(request: SandboxRequest): BasicCredentials | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new OAuthError('invalid_client', 'Malformed Authorization header');
  const formDecode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return {
    clientId: formDecode(decoded.slice(0, colon)),
    clientSecret: formDecode(decoded.slice(colon + 1)),
  };
}

/**
 * HTTP Basic, or client_id (+ client_secret) in the body. Public clients send client_id alone.
 * `basicRequired` follows Cognito's client_credentials grant, which only takes HTTP Basic.
 */
function authenticateClient(
  authority: CognitoAuthority,
  request: SandboxRequest,
  params: URLSearchParams,
  basicRequired: boolean,
): SandboxClient {
  const basic = basicCredentials(request);
  const bodyId = param(params, 'client_id');
  const bodySecret = param(params, 'client_secret');
  if (basic) {
    if (bodySecret !== undefined) {
      throw new OAuthError('invalid_request', 'Send the client secret one way only');
    }
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw new OAuthError('invalid_client', 'client_id differs from the Authorization header');
    }
    return authority.authenticateClient(basic.clientId, basic.clientSecret);
  }
  if (bodyId === undefined) throw new OAuthError('invalid_client', 'No client authentication');
  const client = authority.authenticateClient(bodyId, bodySecret);
  if (basicRequired && client.clientSecret !== undefined) {
    throw new OAuthError('invalid_client', 'This grant needs HTTP Basic client authentication');
  }
  return client;
}

function oauthError(error: unknown, request: SandboxRequest): SandboxResponse {
  if (!(error instanceof OAuthError)) throw error;
  const status = error.code === 'invalid_client' ? 401 : 400;
  const headers: Record<string, string> = {
    ...NO_STORE,
    // Cognito's bodies carry only `error`; the reason is here for people debugging a flow.
    'x-sandbox-error-description': error.message.replace(/[^\x20-\x7e]/g, '?'),
  };
  if (status === 401 && request.headers.authorization !== undefined) {
    headers['www-authenticate'] = 'Basic realm="sandbox-cognito"';
  }
  return json(status, { error: error.code }, headers);
}

// ---------------------------------------------------------------------------------------------
// /oauth2/token

const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'];

async function token(
  authority: CognitoAuthority,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  try {
    const params = parseForm(request);
    const grantType = param(params, 'grant_type');
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is missing');
    if (!GRANT_TYPES.includes(grantType)) {
      throw new OAuthError('unsupported_grant_type', `Unsupported grant_type ${grantType}`);
    }
    const client = authenticateClient(
      authority,
      request,
      params,
      grantType === 'client_credentials',
    );
    let tokens: TokenSet;
    if (grantType === 'authorization_code') {
      const code = param(params, 'code');
      if (code === undefined) throw new OAuthError('invalid_request', 'code is missing');
      tokens = await authority.redeemAuthorizationCode({
        client,
        code,
        redirectUri: param(params, 'redirect_uri'),
        codeVerifier: param(params, 'code_verifier'),
      });
    } else if (grantType === 'refresh_token') {
      const refreshToken = param(params, 'refresh_token');
      if (refreshToken === undefined) {
        throw new OAuthError('invalid_request', 'refresh_token is missing');
      }
      tokens = await authority.refresh({ client, refreshToken });
    } else {
      tokens = await authority.clientCredentials({ client, scope: param(params, 'scope') });
    }
    return json(200, tokens, NO_STORE);
  } catch (error) {
    return oauthError(error, request);
  }
}

// ---------------------------------------------------------------------------------------------
// /oauth2/revoke and /oauth2/userInfo

function revoke(authority: CognitoAuthority, request: SandboxRequest): SandboxResponse {
  try {
    const params = parseForm(request);
    const value = param(params, 'token');
    if (value === undefined) throw new OAuthError('invalid_request', 'token is missing');
    const client = authenticateClient(authority, request, params, false);
    if (isJwt(value)) {
      throw new OAuthError('unsupported_token_type', 'Only refresh tokens can be revoked');
    }
    authority.revoke({ client, token: value });
    return { status: 200, headers: { ...NO_STORE }, body: '' };
  } catch (error) {
    return oauthError(error, request);
  }
}

/** A compact JWS with a JSON header naming an algorithm and a JSON object payload. */
function isJwt(value: string): boolean {
  try {
    decodeJwt(value);
    return typeof decodeProtectedHeader(value).alg === 'string';
  } catch {
    return false;
  }
}

async function userInfo(
  authority: CognitoAuthority,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  const claims = match ? await authority.verifyAccessToken(match[1] as string) : undefined;
  const user =
    typeof claims?.username === 'string' ? authority.findUser(claims.username) : undefined;
  if (!claims || !user) {
    return json(
      401,
      {
        error: 'invalid_token',
        error_description:
          'Access token is expired, disabled, or deleted, or the user has globally signed out.',
      },
      { 'www-authenticate': 'Bearer error="invalid_token"' },
    );
  }
  if (!splitScope(String(claims.scope ?? '')).includes('openid')) {
    return json(
      403,
      { error: 'insufficient_scope' },
      { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid"' },
    );
  }
  return json(200, {
    sub: user.sub,
    email_verified: 'true',
    email: user.email,
    username: user.username,
  });
}

// ---------------------------------------------------------------------------------------------
// /oauth2/authorize: the sign-in page and its form

/** Request parameters the sign-in form carries in hidden fields. */
const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
];

type AuthorizeCheck =
  | { kind: 'page'; response: SandboxResponse }
  | { kind: 'redirect'; response: SandboxResponse }
  | {
      kind: 'ok';
      client: SandboxClient;
      redirectUri: string;
      scopes: string[];
      state?: string;
      codeChallenge?: string;
      nonce?: string;
      hidden: Record<string, string>;
    };

function redirect(location: string): SandboxResponse {
  return { status: 302, headers: { location, ...NO_STORE }, body: '' };
}

function checkAuthorize(authority: CognitoAuthority, params: URLSearchParams): AuthorizeCheck {
  const repeated = AUTHORIZE_PARAMS.find((name) => params.getAll(name).length > 1);
  if (repeated) {
    return { kind: 'page', response: errorPage(400, `Parameter ${repeated} is given twice.`) };
  }
  const clientId = param(params, 'client_id');
  const client = clientId === undefined ? undefined : authority.findClient(clientId);
  if (!client) {
    const message = clientId ? `Unknown client_id "${clientId}".` : 'client_id is missing.';
    return { kind: 'page', response: errorPage(400, message) };
  }
  const redirectUri = param(params, 'redirect_uri');
  if (redirectUri === undefined || !isRegisteredCallback(client, redirectUri)) {
    const message = redirectUri
      ? `The redirect_uri "${redirectUri}" is not registered for ${client.clientName}.`
      : 'redirect_uri is missing.';
    return { kind: 'page', response: errorPage(400, message) };
  }
  // From here on the redirect URI is trusted, so errors go back to the client as OAuth says.
  const state = param(params, 'state');
  const fail = (error: OAuthErrorCode | 'unsupported_response_type', description: string) => {
    const target = new URL(redirectUri);
    target.searchParams.set('error', error);
    target.searchParams.set('error_description', description);
    if (state !== undefined) target.searchParams.set('state', state);
    return { kind: 'redirect' as const, response: redirect(target.href) };
  };
  if (param(params, 'response_type') !== 'code') {
    return fail('unsupported_response_type', 'response_type must be code');
  }
  if (!client.grants.includes('authorization_code')) {
    return fail('unauthorized_client', 'Client may not use the authorization code grant');
  }
  const requested = splitScope(param(params, 'scope'));
  const scopes = requested.length > 0 ? requested : [...client.allowedScopes];
  const refused = scopes.filter((scope) => !client.allowedScopes.includes(scope));
  if (refused.length > 0) return fail('invalid_scope', `Scope not allowed: ${refused.join(' ')}`);
  const codeChallenge = param(params, 'code_challenge');
  const method = param(params, 'code_challenge_method');
  if (codeChallenge !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
    }
  } else if (method !== undefined) {
    return fail('invalid_request', 'code_challenge_method without code_challenge');
  } else if (client.pkceRequired) {
    return fail('invalid_request', 'This client must use PKCE (code_challenge, S256)');
  }
  const nonce = param(params, 'nonce');
  const hidden: Record<string, string> = {};
  for (const name of AUTHORIZE_PARAMS) {
    const value = param(params, name);
    if (value !== undefined) hidden[name] = value;
  }
  return {
    kind: 'ok',
    client,
    redirectUri,
    scopes,
    hidden,
    ...(state !== undefined ? { state } : {}),
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
  };
}

function authorize(authority: CognitoAuthority, request: SandboxRequest): SandboxResponse {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const check = checkAuthorize(authority, request.url.searchParams);
    if (check.kind !== 'ok') return check.response;
    return signInPage({ clientName: check.client.clientName, hidden: check.hidden });
  }
  if (request.method !== 'POST') {
    return { status: 405, headers: { allow: 'GET, POST', 'content-type': 'text/plain' }, body: '' };
  }
  if (!isForm(request)) return errorPage(400, 'The sign-in form must be posted as a form.');
  const form = new URLSearchParams(request.body.toString('utf8'));
  const check = checkAuthorize(authority, form);
  if (check.kind !== 'ok') return check.response;
  const username = form.get('username') ?? '';
  const user = authority.checkPassword(username, form.get('password') ?? '');
  if (!user) {
    return signInPage({
      clientName: check.client.clientName,
      hidden: check.hidden,
      username,
      error: 'Incorrect username or password.',
      status: 401,
    });
  }
  const code = authority.createAuthorizationCode({
    client: check.client,
    user,
    redirectUri: check.redirectUri,
    scopes: check.scopes,
    ...(check.codeChallenge !== undefined ? { codeChallenge: check.codeChallenge } : {}),
    ...(check.nonce !== undefined ? { nonce: check.nonce } : {}),
  });
  const target = new URL(check.redirectUri);
  target.searchParams.set('code', code);
  if (check.state !== undefined) target.searchParams.set('state', check.state);
  return redirect(target.href);
}
