import { ConfigError } from './errors.js';

/**
 * Every setting the service reads, validated once at start. Defaults describe the local sandbox
 * (`npm start`), so a fresh clone runs with no environment at all; a deployment sets each value.
 * The AWS endpoint and credentials are not here: the SDK reads its own standard variables
 * (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...), which keeps one code path for sandbox and AWS.
 */
export interface Config {
  host: string;
  port: number;
  /** Base URL the API is reached at; the `servers` entry of the OpenAPI document. */
  publicUrl: string;
  /** Where the policy documents are published; citations link to `<base>/<file>#<section>`. */
  policyBaseUrl: string;
  /** Region of the security account: STS calls and the Cognito pool live here. */
  homeRegion: string;
  cognito: {
    userPoolId: string;
    clientIds: string[];
    /** Where to fetch signing keys; the issuer's own JWKS unless overridden. */
    jwksUri: string;
    /** Hosted-UI domain: the OAuth authorize and token URLs in the OpenAPI document. */
    domainUrl: string;
    /** Resource server identifier; scopes are `<id>/read`, `<id>/write`, `<id>/audit`. */
    resourceServer: string;
    /** Public (PKCE) app client Swagger UI at /docs signs in with. */
    docsClientId: string;
  };
  groups: {
    /** Groups allowed to run every write operation. */
    responders: string[];
    /** Groups additionally allowed to run reversible write operations. */
    reversibleWriters: string[];
    auditors: string[];
  };
  allowedAccounts: string[];
  allowedRegions: string[];
  remediationRoleName: string;
  /** A resource or principal carrying this tag key is never changed. */
  protectedTagKey: string;
  /** IAM users (break-glass identities) this API never changes, in every account. */
  protectedUsers: string[];
  /** IAM roles this API never changes; the remediation role itself is always protected too. */
  protectedRoles: string[];
  /** Sessions of the remediation role last this long (seconds). */
  sessionDurationSeconds: number;
  /** The audit trail and the request coordination tables (api/audit/table-design.ts). */
  audit: {
    tableName: string;
    /** Idempotency keys, per-resource locks and undo markers. */
    requestsTableName: string;
    /** How long a request waits for another one on the same resource before it is refused. */
    lockWaitMs: number;
    /** A lock left by a crashed request frees itself after this long. */
    lockLeaseSeconds: number;
    /** How long an Idempotency-Key replays its first result. */
    idempotencyHours: number;
  };
  /**
   * How long a real run may apply steps before it stops and answers `partially_remediated` (a
   * rerun finishes): below API Gateway's 29 s, so the caller always gets the answer.
   */
  runBudgetMs: number;
}

export const SANDBOX_USER_POOL_ID = 'us-east-1_Sandbox01';
export const SANDBOX_URL = 'http://127.0.0.1:4566';

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const read = new EnvReader(env);
  const userPoolId = read.string(
    'COGNITO_USER_POOL_ID',
    SANDBOX_USER_POOL_ID,
    /^[a-z]+(-[a-z]+)+-\d_[A-Za-z0-9]+$/,
  );
  const poolRegion = userPoolId.split('_')[0] as string;
  const issuer = `https://cognito-idp.${poolRegion}.amazonaws.com/${userPoolId}`;
  // The sandbox pool's keys are served by the sandbox; any other pool defaults to its real issuer.
  const defaultJwks =
    userPoolId === SANDBOX_USER_POOL_ID
      ? `${SANDBOX_URL}/${userPoolId}/.well-known/jwks.json`
      : `${issuer}/.well-known/jwks.json`;
  const publicUrl = read.url('PUBLIC_URL', 'http://127.0.0.1:3000');
  const config: Config = {
    host: read.string('HOST', '127.0.0.1'),
    port: read.integer('PORT', 3000, 0, 65535),
    publicUrl,
    policyBaseUrl: read.url('POLICY_BASE_URL', `${publicUrl}/policies`),
    homeRegion: read.string('AWS_REGION', 'us-east-1', REGION),
    cognito: {
      userPoolId,
      clientIds: read.list(
        'COGNITO_CLIENT_IDS',
        'sandbox-jira,sandbox-auditor,sandbox-swagger,sandbox-qbusiness',
      ),
      jwksUri: read.url('COGNITO_JWKS_URI', defaultJwks),
      domainUrl: read.url('COGNITO_DOMAIN_URL', SANDBOX_URL),
      resourceServer: read.string('OAUTH_RESOURCE_SERVER', 'remediation-api', /^[\w.:/-]+$/),
      docsClientId: read.string('DOCS_OAUTH_CLIENT_ID', 'sandbox-swagger'),
    },
    groups: {
      responders: read.list('GROUPS_RESPONDERS', 'security-responders'),
      reversibleWriters: read.list('GROUPS_REVERSIBLE_WRITERS', 'security-analysts'),
      auditors: read.list('GROUPS_AUDITORS', 'security-auditors'),
    },
    allowedAccounts: read.list('ALLOWED_ACCOUNTS', '222222222222,333333333333', /^\d{12}$/),
    allowedRegions: read.list('ALLOWED_REGIONS', 'us-east-1,eu-west-1', REGION),
    remediationRoleName: read.string(
      'REMEDIATION_ROLE_NAME',
      'SecurityRemediationRole',
      /^[\w+=,.@-]{1,64}$/,
    ),
    protectedTagKey: read.string('PROTECTED_TAG_KEY', 'remediation:protected', /^.{1,128}$/),
    protectedUsers: read.list('PROTECTED_USERS', 'break-glass-admin', IAM_NAME),
    protectedRoles: read.list('PROTECTED_ROLES', 'OrganizationAccountAccessRole', IAM_NAME),
    sessionDurationSeconds: read.integer('REMEDIATION_SESSION_SECONDS', 900, 900, 3600),
    audit: {
      tableName: read.string('AUDIT_TABLE_NAME', 'remediation-audit', TABLE_NAME),
      requestsTableName: read.string('REQUESTS_TABLE_NAME', 'remediation-requests', TABLE_NAME),
      lockWaitMs: read.integer('RESOURCE_LOCK_WAIT_MS', 3000, 0, 20000),
      lockLeaseSeconds: read.integer('RESOURCE_LOCK_LEASE_SECONDS', 60, 2, 900),
      idempotencyHours: read.integer('IDEMPOTENCY_KEY_HOURS', 24, 1, 168),
    },
    runBudgetMs: read.integer('RUN_BUDGET_MS', 25000, 1000, 900000),
  };
  read.throwIfInvalid();
  return config;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const TABLE_NAME = /^[\w.-]{3,255}$/;
/** IAM user and role names: up to 64 of letters, digits and +=,.@_- . */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/** Collects every problem before failing, so one start names all wrong variables at once. */
class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string, pattern?: RegExp): string {
    const value = this.raw(name) ?? fallback;
    if (pattern && !pattern.test(value))
      this.problems.push(`${name}="${value}" must match ${pattern}`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  url(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    try {
      const url = new URL(value);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      this.problems.push(`${name}="${value}" must be an http(s) URL`);
    }
    return value.replace(/\/+$/, '');
  }

  list(name: string, fallback: string, pattern?: RegExp): string[] {
    const items = (this.raw(name) ?? fallback)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) this.problems.push(`${name} must list at least one value`);
    for (const item of items) {
      if (pattern && !pattern.test(item)) {
        this.problems.push(`${name} has "${item}", which must match ${pattern}`);
      }
    }
    return items;
  }

  throwIfInvalid(): void {
    if (this.problems.length > 0) {
      throw new ConfigError(`Invalid configuration:\n  - ${this.problems.join('\n  - ')}`);
    }
  }
}
