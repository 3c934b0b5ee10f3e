import {
  createHash,
  generateKeyPair,
  type KeyObject,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import {
  errors,
  exportJWK,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import {
  ACCESS_TOKEN_SECONDS,
  AUTHORIZATION_CODE_SECONDS,
  ID_TOKEN_SECONDS,
  REFRESH_TOKEN_SECONDS,
  SANDBOX_ISSUER,
  SANDBOX_USER_POOL_ID,
  SANDBOX_USERS,
  type SandboxClient,
  type SandboxUser,
  SCOPES,
  sandboxClients,
} from './pool.js';

export {
  RESOURCE_SERVER,
  SANDBOX_CLIENTS,
  SANDBOX_ISSUER,
  SANDBOX_REGION,
  SANDBOX_USER_POOL_ID,
  SANDBOX_USERS,
  type SandboxClient,
  type SandboxUser,
  SCOPES,
} from './pool.js';

/** Claims of a sandbox token (jose's payload type: registered claims typed, the rest unknown). */
export type JwtClaims = JWTPayload;

export interface CognitoAuthorityOptions {
  /** Where the sandbox is served, e.g. `http://127.0.0.1:4566`; used for endpoint URLs. */
  baseUrl: string;
  /** Where the API's Swagger UI is opened; see `sandboxClients`. */
  apiUrls?: readonly string[];
  /** Clock in milliseconds; tests can move time forward. Defaults to `Date.now`. */
  now?: () => number;
}

/** Public signing key as Cognito publishes it (a type alias so it fits aws-jwt-verify's `Jwks`). */
export type SandboxJwk = {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
};
export type SandboxJwks = { keys: SandboxJwk[] };

interface TokenTiming {
  /** Lifetime from `iat`; default 3600. Negative values give an already expired token. */
  expiresInSeconds?: number;
  /** `iat` in epoch seconds; defaults to now. */
  issuedAt?: number;
  /** `auth_time` in epoch seconds; defaults to `iat`. */
  authTime?: number;
  /** Claims merged last: override any claim, or drop one by setting it to undefined. */
  claims?: JwtClaims;
}

export interface AccessTokenOptions extends TokenTiming {
  clientId: string;
  /** Full scope names, e.g. `remediation-api/read`; not checked against the client. */
  scopes: readonly string[];
  /** A seeded user (case-insensitive). Omit for a machine (client_credentials) token. */
  username?: string;
  /** Replaces the user's seeded groups; `[]` omits `cognito:groups`. Users only. */
  groups?: readonly string[];
  originJti?: string;
  eventId?: string;
}

export interface IdTokenOptions extends TokenTiming {
  username: string;
  clientId: string;
  groups?: readonly string[];
  originJti?: string;
  eventId?: string;
  nonce?: string;
  /** When given, `at_hash` is computed from it like Cognito does. */
  accessToken?: string;
}

/** The token endpoint's success body, shaped like Cognito's. */
export interface TokenSet {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type';

/** An OAuth error the token endpoint turns into `{"error": code}`. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

interface Session {
  user: SandboxUser;
  client: SandboxClient;
  scopes: string[];
  authTime: number;
  originJti: string;
  eventId: string;
  nonce?: string;
}

interface CodeGrant {
  session: Session;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
  /** Set once redeemed; a second use revokes what the first one issued. */
  redeemed?: { refreshToken?: string };
}

interface RefreshGrant {
  session: Session;
  expiresAt: number;
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * Plays one Cognito user pool: signs access and ID tokens with an RSA key generated at start,
 * publishes the JWKS and holds the OAuth state (codes, refresh tokens, revocations) in memory.
 */
export class CognitoAuthority {
  readonly userPoolId = SANDBOX_USER_POOL_ID;
  readonly issuer = SANDBOX_ISSUER;
  readonly users: readonly SandboxUser[] = SANDBOX_USERS;
  readonly clients: readonly SandboxClient[];
  readonly baseUrl: string;
  readonly kid: string;

  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly revokedOrigins = new Set<string>();
  private readonly now: () => number;

  private constructor(
    options: CognitoAuthorityOptions,
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly publicJwk: { n: string; e: string },
  ) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clients = sandboxClients(options.apiUrls);
    this.now = options.now ?? Date.now;
    this.kid = randomBytes(24).toString('base64');
  }

  static async create(options: CognitoAuthorityOptions): Promise<CognitoAuthority> {
    const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
    const { n, e } = await exportJWK(publicKey);
    return new CognitoAuthority(options, privateKey, publicKey, { n: n as string, e: e as string });
  }

  /** Endpoint URLs on the sandbox (the issuer itself stays the real Cognito string). */
  get endpoints() {
    const pool = `${this.baseUrl}/${this.userPoolId}`;
    return {
      authorization: `${this.baseUrl}/oauth2/authorize`,
      token: `${this.baseUrl}/oauth2/token`,
      userInfo: `${this.baseUrl}/oauth2/userInfo`,
      revocation: `${this.baseUrl}/oauth2/revoke`,
      jwks: `${pool}/.well-known/jwks.json`,
      openidConfiguration: `${pool}/.well-known/openid-configuration`,
    };
  }

  jwks(): SandboxJwks {
    const { e, n } = this.publicJwk;
    return { keys: [{ alg: 'RS256', e, kid: this.kid, kty: 'RSA', n, use: 'sig' }] };
  }

  openidConfiguration(): Record<string, unknown> {
    const endpoints = this.endpoints;
    return {
      authorization_endpoint: endpoints.authorization,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: this.issuer,
      jwks_uri: endpoints.jwks,
      response_types_supported: ['code'],
      revocation_endpoint: endpoints.revocation,
      scopes_supported: ['openid', SCOPES.read, SCOPES.write, SCOPES.audit],
      subject_types_supported: ['public'],
      token_endpoint: endpoints.token,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      userinfo_endpoint: endpoints.userInfo,
    };
  }

  findUser(username: string): SandboxUser | undefined {
    const wanted = username.trim().toLowerCase();
    return this.users.find((user) => user.username === wanted);
  }

  findClient(clientId: string): SandboxClient | undefined {
    return this.clients.find((client) => client.clientId === clientId);
  }

  /** The user when the password is right (compared in constant time). */
  checkPassword(username: string, password: string): SandboxUser | undefined {
    const user = this.findUser(username);
    const ok = sameSecret(password, user?.password ?? randomUUID());
    return user && ok ? user : undefined;
  }

  /**
   * Authenticates a client: confidential clients need their secret, public clients must not send
   * one. Throws invalid_client otherwise.
   */
  authenticateClient(clientId: string, clientSecret: string | undefined): SandboxClient {
    const client = this.findClient(clientId);
    if (!client) throw new OAuthError('invalid_client', `Unknown client "${clientId}"`);
    if (client.clientSecret === undefined) {
      if (clientSecret !== undefined) {
        throw new OAuthError('invalid_client', `${clientId} is a public client and has no secret`);
      }
      return client;
    }
    if (clientSecret === undefined || !sameSecret(clientSecret, client.clientSecret)) {
      throw new OAuthError('invalid_client', `Wrong or missing secret for ${clientId}`);
    }
    return client;
  }

  async issueAccessToken(options: AccessTokenOptions): Promise<string> {
    const iat = options.issuedAt ?? this.nowSeconds();
    const exp = iat + (options.expiresInSeconds ?? ACCESS_TOKEN_SECONDS);
    const authTime = options.authTime ?? iat;
    const scope = options.scopes.join(' ');
    let claims: JwtClaims;
    if (options.username === undefined) {
      claims = {
        sub: options.clientId,
        token_use: 'access',
        scope,
        auth_time: authTime,
        iss: this.issuer,
        exp,
        iat,
        version: 2,
        jti: randomUUID(),
        client_id: options.clientId,
      };
    } else {
      const user = this.requireUser(options.username);
      const groups = options.groups ?? user.groups;
      claims = {
        sub: user.sub,
        ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
        iss: this.issuer,
        version: 2,
        client_id: options.clientId,
        origin_jti: options.originJti ?? randomUUID(),
        event_id: options.eventId ?? randomUUID(),
        token_use: 'access',
        scope,
        auth_time: authTime,
        exp,
        iat,
        jti: randomUUID(),
        username: user.username,
      };
    }
    return this.sign({ ...claims, ...options.claims });
  }

  async issueIdToken(options: IdTokenOptions): Promise<string> {
    const user = this.requireUser(options.username);
    const groups = options.groups ?? user.groups;
    const iat = options.issuedAt ?? this.nowSeconds();
    const claims: JwtClaims = {
      ...(options.accessToken ? { at_hash: atHash(options.accessToken) } : {}),
      sub: user.sub,
      ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
      email_verified: true,
      iss: this.issuer,
      'cognito:username': user.username,
      ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
      origin_jti: options.originJti ?? randomUUID(),
      aud: options.clientId,
      event_id: options.eventId ?? randomUUID(),
      token_use: 'id',
      auth_time: options.authTime ?? iat,
      exp: iat + (options.expiresInSeconds ?? ID_TOKEN_SECONDS),
      iat,
      jti: randomUUID(),
      email: user.email,
    };
    return this.sign({ ...claims, ...options.claims });
  }

  /**
   * Signs any claims with the pool key (RS256, the pool's kid): for tests that need a token
   * Cognito would never issue. `header` may replace the kid, not the algorithm.
   */
  sign(claims: JwtClaims, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, ...header })
      .sign(this.privateKey);
  }

  /** Claims of a live access token from this pool (signature, issuer, expiry, revocation). */
  async verifyAccessToken(token: string): Promise<JwtClaims | undefined> {
    let claims: JwtClaims;
    try {
      ({ payload: claims } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== this.kid) throw new errors.JWKSNoMatchingKey();
          return this.publicKey;
        },
        {
          algorithms: ['RS256'],
          issuer: this.issuer,
          requiredClaims: ['exp'],
          currentDate: new Date(this.now()),
        },
      ));
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
    if (claims.token_use !== 'access') return undefined;
    const origin = claims.origin_jti;
    if (typeof origin === 'string' && this.revokedOrigins.has(origin)) return undefined;
    return claims;
  }

  /** Records a signed-in user's consent to a client and returns a single-use code. */
  createAuthorizationCode(request: {
    client: SandboxClient;
    user: SandboxUser;
    redirectUri: string;
    scopes: readonly string[];
    codeChallenge?: string;
    nonce?: string;
  }): string {
    this.prune();
    const code = randomUUID();
    this.codes.set(code, {
      session: {
        user: request.user,
        client: request.client,
        scopes: [...request.scopes],
        authTime: this.nowSeconds(),
        originJti: randomUUID(),
        eventId: randomUUID(),
        ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      },
      redirectUri: request.redirectUri,
      ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
      expiresAt: this.nowSeconds() + AUTHORIZATION_CODE_SECONDS,
    });
    return code;
  }

  /** The authorization_code grant, for an already authenticated client. */
  async redeemAuthorizationCode(request: {
    client: SandboxClient;
    code: string;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
  }): Promise<TokenSet> {
    this.requireGrant(request.client, 'authorization_code');
    const grant = this.codes.get(request.code);
    if (!grant || grant.session.client.clientId !== request.client.clientId) {
      throw new OAuthError('invalid_grant', 'Unknown authorization code');
    }
    if (grant.redeemed) {
      // RFC 6749 4.1.2: a replayed code revokes the tokens the first redemption issued.
      this.revokeSession(grant.session, grant.redeemed.refreshToken);
      this.codes.delete(request.code);
      throw new OAuthError('invalid_grant', 'Authorization code already used');
    }
    grant.redeemed = {};
    if (grant.expiresAt <= this.nowSeconds()) {
      throw new OAuthError('invalid_grant', 'Authorization code expired');
    }
    if (request.redirectUri !== grant.redirectUri) {
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorize request');
    }
    if (grant.codeChallenge !== undefined) {
      const verifier = request.codeVerifier;
      if (verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
        throw new OAuthError('invalid_grant', 'Missing or malformed code_verifier');
      }
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!sameSecret(challenge, grant.codeChallenge)) {
        throw new OAuthError('invalid_grant', 'code_verifier does not match code_challenge');
      }
    } else if (request.codeVerifier !== undefined) {
      throw new OAuthError('invalid_grant', 'code_verifier sent but no code_challenge was');
    }
    // Recorded before signing, so a replay while the tokens are being signed revokes it too.
    let refreshToken: string | undefined;
    if (request.client.grants.includes('refresh_token')) {
      refreshToken = randomBytes(48).toString('base64url');
      this.refreshTokens.set(refreshToken, {
        session: grant.session,
        expiresAt: this.nowSeconds() + REFRESH_TOKEN_SECONDS,
      });
      grant.redeemed.refreshToken = refreshToken;
    }
    const tokens = await this.tokensFor(grant.session);
    if (refreshToken !== undefined) tokens.refresh_token = refreshToken;
    return tokens;
  }

  /** The refresh_token grant: new access (and ID) tokens; the refresh token itself is kept. */
  async refresh(request: { client: SandboxClient; refreshToken: string }): Promise<TokenSet> {
    this.requireGrant(request.client, 'refresh_token');
    const grant = this.refreshTokens.get(request.refreshToken);
    if (!grant || grant.session.client.clientId !== request.client.clientId) {
      throw new OAuthError('invalid_grant', 'Invalid refresh token');
    }
    if (grant.expiresAt <= this.nowSeconds()) {
      this.refreshTokens.delete(request.refreshToken);
      throw new OAuthError('invalid_grant', 'Refresh token expired');
    }
    return this.tokensFor(grant.session);
  }

  /** The client_credentials grant; no scope means every scope the client is allowed. */
  async clientCredentials(request: {
    client: SandboxClient;
    scope: string | undefined;
  }): Promise<TokenSet> {
    this.requireGrant(request.client, 'client_credentials');
    const allowed = request.client.allowedScopes.filter((scope) => scope.includes('/'));
    const requested = splitScope(request.scope);
    const scopes = requested.length > 0 ? requested : allowed;
    const refused = scopes.filter((scope) => !allowed.includes(scope));
    if (refused.length > 0) {
      throw new OAuthError(
        'invalid_scope',
        `Scope not allowed for this client: ${refused.join(' ')}`,
      );
    }
    return {
      access_token: await this.issueAccessToken({ clientId: request.client.clientId, scopes }),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
    };
  }

  /** /oauth2/revoke: revokes a refresh token and every access token issued from its sign-in. */
  revoke(request: { client: SandboxClient; token: string }): void {
    const grant = this.refreshTokens.get(request.token);
    if (!grant) return; // RFC 7009: unknown tokens are not an error
    if (grant.session.client.clientId !== request.client.clientId) {
      throw new OAuthError('unauthorized_client', 'Token was issued to another client');
    }
    this.revokeSession(grant.session, request.token);
  }

  /** Forgets codes, refresh tokens and revocations; keys and seeded data stay. */
  reset(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.revokedOrigins.clear();
  }

  private async tokensFor(session: Session): Promise<TokenSet> {
    const common = {
      username: session.user.username,
      clientId: session.client.clientId,
      authTime: session.authTime,
      originJti: session.originJti,
      eventId: session.eventId,
    };
    const accessToken = await this.issueAccessToken({ ...common, scopes: session.scopes });
    const tokens: TokenSet = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
    };
    if (session.scopes.includes(SCOPES.openid)) {
      tokens.id_token = await this.issueIdToken({
        ...common,
        accessToken,
        ...(session.nonce !== undefined ? { nonce: session.nonce } : {}),
      });
    }
    return tokens;
  }

  private revokeSession(session: Session, refreshToken: string | undefined): void {
    if (refreshToken) this.refreshTokens.delete(refreshToken);
    this.revokedOrigins.add(session.originJti);
  }

  private requireGrant(client: SandboxClient, grant: SandboxClient['grants'][number]): void {
    if (!client.grants.includes(grant)) {
      throw new OAuthError('unauthorized_client', `${client.clientId} may not use ${grant}`);
    }
  }

  private requireUser(username: string): SandboxUser {
    const user = this.findUser(username);
    if (!user) {
      const known = this.users.map((candidate) => candidate.username).join(', ');
      throw new Error(`Unknown sandbox user "${username}" (seeded users: ${known})`);
    }
    return user;
  }

  private prune(): void {
    const now = this.nowSeconds();
    for (const [code, grant] of this.codes) {
      if (grant.expiresAt + AUTHORIZATION_CODE_SECONDS <= now) this.codes.delete(code);
    }
    for (const [token, grant] of this.refreshTokens) {
      if (grant.expiresAt <= now) this.refreshTokens.delete(token);
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }
}

export function splitScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

/** Constant-time comparison of two strings of any length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** OIDC `at_hash`: left half of the SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}
