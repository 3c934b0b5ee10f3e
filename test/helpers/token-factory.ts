import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { SANDBOX_USER_POOL_ID } from '../../api/config.js';

/** Signs Cognito-shaped tokens with a key made for the test run; nothing secret is checked in. */
export class TokenFactory {
  readonly kid = `test-${randomUUID()}`;
  readonly issuer: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(readonly userPoolId = SANDBOX_USER_POOL_ID) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.issuer = `https://cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/${userPoolId}`;
  }

  jwks() {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, alg: 'RS256', use: 'sig' }] } as {
      keys: [{ kty: 'RSA'; n: string; e: string; kid: string; alg: string; use: string }];
    };
  }

  /** A person's access token, as Cognito issues it after the authorization-code flow. */
  user(username: string, options: TokenOptions = {}): string {
    const groups = options.groups ?? [];
    return this.sign(
      {
        sub: `sub-${username}`,
        ...(groups.length ? { 'cognito:groups': groups } : {}),
        username,
        ...this.common(options.clientId ?? 'sandbox-qbusiness', options),
        ...options.claims,
      },
      options.header,
    );
  }

  /** A machine's access token (client credentials): no username, `sub` is the client id. */
  machine(clientId: string, options: TokenOptions = {}): string {
    return this.sign(
      { sub: clientId, ...this.common(clientId, options), ...options.claims },
      options.header,
    );
  }

  sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', kid: this.kid, ...header })}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256')
      .update(input)
      .sign(this.privateKey)
      .toString('base64url');
    return `${input}.${signature}`;
  }

  private common(clientId: string, options: TokenOptions) {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.issuer,
      client_id: clientId,
      token_use: 'access',
      scope: (options.scopes ?? ['remediation-api/read', 'remediation-api/write']).join(' '),
      auth_time: now,
      iat: now,
      exp: now + 3600,
      jti: randomUUID(),
      version: 2,
    };
  }
}

export interface TokenOptions {
  groups?: string[];
  scopes?: string[];
  clientId?: string;
  /** Claims that override or add to the defaults (e.g. an `exp` in the past). */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
}
