import { createHash } from 'node:crypto';

/**
 * The sandbox user pool's seeded, deterministic definitions: users, the resource server and its
 * scopes, and the app clients. Everything here is public on purpose (`npm start` prints it).
 */

export const SANDBOX_REGION = 'us-east-1';
export const SANDBOX_USER_POOL_ID = 'us-east-1_Sandbox01';
/** The issuer string real Cognito puts in `iss`; the sandbox signs tokens with it. */
export const SANDBOX_ISSUER = `https://cognito-idp.${SANDBOX_REGION}.amazonaws.com/${SANDBOX_USER_POOL_ID}`;

export const ACCESS_TOKEN_SECONDS = 3600;
export const ID_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;
export const AUTHORIZATION_CODE_SECONDS = 300;

export const RESOURCE_SERVER = {
  identifier: 'remediation-api',
  name: 'Security remediation API',
  scopes: [
    { name: 'read', description: 'Read findings, resources and remediation plans' },
    { name: 'write', description: 'Run remediation actions' },
    { name: 'audit', description: 'Read the audit trail' },
  ],
} as const;

export const SCOPES = {
  openid: 'openid',
  read: `${RESOURCE_SERVER.identifier}/read`,
  write: `${RESOURCE_SERVER.identifier}/write`,
  audit: `${RESOURCE_SERVER.identifier}/audit`,
} as const;

export interface SandboxUser {
  readonly username: string;
  readonly password: string;
  /** Stable uuid-like subject, derived from the pool id and the username. */
  readonly sub: string;
  readonly email: string;
  readonly groups: readonly string[];
}

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface SandboxClient {
  readonly clientId: string;
  readonly clientName: string;
  /** Absent for public clients, which must use PKCE instead. */
  readonly clientSecret?: string;
  readonly grants: readonly GrantType[];
  readonly allowedScopes: readonly string[];
  /**
   * Registered redirect URIs. Exact URLs, or patterns where `*` stands for one host label
   * (letters, digits, hyphens), `:*` for an optional port and `/**` for any leading path segments.
   */
  readonly callbackUrls: readonly string[];
  readonly pkceRequired: boolean;
}

/** A uuid (version 4 layout) derived from a name, so the same user always gets the same `sub`. */
export function stableUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function user(username: string, groups: string[]): SandboxUser {
  return Object.freeze({
    username,
    password: `${username}-sandbox-pass`,
    sub: stableUuid(`${SANDBOX_USER_POOL_ID}/${username}`),
    email: `${username}@sandbox.example.org`,
    groups: Object.freeze(groups),
  });
}

export const SANDBOX_USERS: readonly SandboxUser[] = Object.freeze([
  user('analyst', ['security-analysts']),
  user('responder', ['security-responders']),
  user('auditor', ['security-auditors']),
  user('nobody', []),
]);

const LOCAL_CALLBACKS = [
  'http://127.0.0.1:*/**/oauth/callback',
  'http://localhost:*/**/oauth/callback',
];

/** Where Swagger UI is opened when the API runs on its default port. */
export const DEFAULT_API_URLS = ['http://127.0.0.1:3000', 'http://localhost:3000'];

/**
 * The app clients. The Swagger UI client accepts the OAuth redirect page of each URL the API is
 * opened at, so an API moved to another PORT still signs people in (exact URLs, as Cognito
 * registers them, rather than any port).
 */
export function sandboxClients(
  apiUrls: readonly string[] = DEFAULT_API_URLS,
): readonly SandboxClient[] {
  return Object.freeze(
    [
      {
        clientId: 'sandbox-jira',
        clientName: 'Sandbox Jira automation',
        clientSecret: 'sandbox-jira-secret',
        grants: ['client_credentials'],
        allowedScopes: [SCOPES.read, SCOPES.write],
        callbackUrls: [],
        pkceRequired: false,
      },
      {
        clientId: 'sandbox-auditor',
        clientName: 'Sandbox audit exporter',
        clientSecret: 'sandbox-auditor-secret',
        grants: ['client_credentials'],
        allowedScopes: [SCOPES.audit],
        callbackUrls: [],
        pkceRequired: false,
      },
      {
        clientId: 'sandbox-qbusiness',
        clientName: 'Sandbox Amazon Q Business plugin',
        clientSecret: 'sandbox-qbusiness-secret',
        grants: ['authorization_code', 'refresh_token'],
        allowedScopes: [SCOPES.openid, SCOPES.read, SCOPES.write, SCOPES.audit],
        callbackUrls: [...LOCAL_CALLBACKS, 'https://*.chat.qbusiness.*.on.aws/oauth/callback'],
        pkceRequired: false,
      },
      {
        clientId: 'sandbox-swagger',
        clientName: 'Sandbox Swagger UI',
        grants: ['authorization_code'],
        allowedScopes: [SCOPES.openid, SCOPES.read, SCOPES.write, SCOPES.audit],
        callbackUrls: apiUrls.map(
          (url) => `${url.replace(/\/+$/, '')}/docs/static/oauth2-redirect.html`,
        ),
        pkceRequired: true,
      },
    ].map(
      (client): SandboxClient =>
        Object.freeze({
          ...client,
          grants: Object.freeze(client.grants as GrantType[]),
          allowedScopes: Object.freeze(client.allowedScopes),
          callbackUrls: Object.freeze(client.callbackUrls),
        }),
    ),
  );
}

/** The clients of a sandbox whose API runs on the default port; ids and secrets never change. */
export const SANDBOX_CLIENTS: readonly SandboxClient[] = sandboxClients();

function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith(':*', i)) {
      source += '(?::\\d{1,5})?';
      i += 1;
    } else if (pattern.startsWith('/**', i)) {
      source += '(?:/[^/?#]+)*';
      i += 2;
    } else if (pattern[i] === '*') {
      source += '[A-Za-z0-9-]+';
    } else {
      source += (pattern[i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Whether `uri` is one of the client's registered redirect URIs (exact or pattern match). */
export function isRegisteredCallback(client: SandboxClient, uri: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  // No fragments, no credentials, no dot segments or anything else the URL parser would rewrite.
  if (parsed.hash || parsed.username || parsed.password || parsed.href !== uri) return false;
  return client.callbackUrls.some((pattern) => patternToRegExp(pattern).test(uri));
}
