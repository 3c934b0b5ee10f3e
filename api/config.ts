import { type Env, EnvReader } from './env/env-reader.js';
import { LOCAL_PORTS, localUrls } from './env/local-ports.js';
import { variable } from './env/variables.js';
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
  /**
   * Where `npm start` runs the sandbox cloud and its DynamoDB (SANDBOX_PORT, DYNAMODB_PORT). Only
   * local tools use them; the defaults of the Cognito URLs below point at the sandbox.
   */
  local: { sandboxPort: number; sandboxUrl: string; dynamoDbPort: number; dynamoDbUrl: string };
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
  /**
   * Where the accounts this API may act in come from (ALLOWED_ACCOUNTS_SOURCE): `list` is
   * ALLOWED_ACCOUNTS; `organization` is every active member account of the AWS Organization,
   * read with Organizations ListAccounts from this (delegated administrator) account and kept
   * for `organizationTtlSeconds`, so an account that joins or leaves is seen within that time.
   */
  allowedAccountsSource: 'list' | 'organization';
  allowedAccounts: string[];
  organizationTtlSeconds: number;
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
    /** Bulk remediation jobs and their targets (api/bulk/). */
    jobsTableName: string;
  };
  /** Bulk remediation jobs (api/bulk/): how they run and where. */
  bulk: {
    /**
     * The Step Functions state machine that runs jobs in AWS (BULK_STATE_MACHINE_ARN); unset, jobs
     * run on the engine the process was given (the local runner for `npm start` and the tests).
     */
    stateMachineArn: string | undefined;
    /**
     * Targets run at once in one account and Region (BULK_LANE_CONCURRENCY). Each closes a port with
     * one or two Authorize/Revoke calls, whose bucket refills at 5 a second per account and Region:
     * a few at a time keep it busy without crowding it.
     */
    laneConcurrency: number;
    /** How long one lane task runs before it hands back to the state machine (BULK_LANE_BUDGET_MS). */
    laneBudgetMs: number;
  };
  /**
   * How long a real run may apply steps before it stops and answers `partially_remediated` (a
   * rerun finishes): below API Gateway's 29 s, so the caller always gets the answer.
   */
  runBudgetMs: number;
  /**
   * How long a scan across accounts (findExposedResources) may read before it answers with what
   * it has and a token to continue: below API Gateway's 29 s, so the caller never gets a 504.
   */
  scanBudgetMs: number;
  /** How long a dry run's planId confirms a real run of the same request (PLAN_WINDOW_MINUTES). */
  planWindowMinutes: number;
  /**
   * The front doors through which a real run needs the planId of a dry run (PLAN_REQUIRED_DOORS):
   * `mcp` by default, since an agent can call a tool without a person reading the plan; over HTTP
   * the chat's form is the confirmation, and a planId is enforced only when given.
   */
  planRequiredDoors: Array<'mcp' | 'http'>;
  /**
   * The Bedrock agent door (api/bedrock/) acts for the person whose access token the invoking
   * application put in the session attributes. A machine client's token is accepted there only
   * from this client (an agent-level service identity), and recorded as that machine; unset, the
   * door serves people only.
   */
  bedrock: { serviceClientId: string | undefined };
}

export const SANDBOX_USER_POOL_ID = 'us-east-1_Sandbox01';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const TABLE_NAME = /^[\w.-]{3,255}$/;
/** IAM user and role names: up to 64 of letters, digits and +=,.@_- . */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Every variable whose default stands alone, one line each. A variable whose default depends on
 * another one is declared in `loadConfig`, after what it depends on has been read.
 */
const VARIABLES = {
  ...LOCAL_PORTS,
  HOST: variable.string('127.0.0.1'),
  AWS_REGION: variable.string('us-east-1', REGION),
  COGNITO_USER_POOL_ID: variable.string(SANDBOX_USER_POOL_ID, /^[a-z]+(-[a-z]+)+-\d_[A-Za-z0-9]+$/),
  COGNITO_CLIENT_IDS: variable.list(
    'sandbox-jira,sandbox-auditor,sandbox-swagger,sandbox-qbusiness',
  ),
  OAUTH_RESOURCE_SERVER: variable.string('remediation-api', /^[\w.:/-]+$/),
  DOCS_OAUTH_CLIENT_ID: variable.string('sandbox-swagger'),
  GROUPS_RESPONDERS: variable.list('security-responders'),
  GROUPS_REVERSIBLE_WRITERS: variable.list('security-analysts'),
  GROUPS_AUDITORS: variable.list('security-auditors'),
  ALLOWED_ACCOUNTS_SOURCE: variable.string('list', /^(list|organization)$/),
  ALLOWED_ACCOUNTS: variable.list('222222222222,333333333333', /^\d{12}$/),
  ORGANIZATION_ACCOUNTS_TTL_SECONDS: variable.integer(300, 10, 3600),
  ALLOWED_REGIONS: variable.list('us-east-1,eu-west-1,ap-southeast-2', REGION),
  REMEDIATION_ROLE_NAME: variable.string('SecurityRemediationRole', /^[\w+=,.@-]{1,64}$/),
  PROTECTED_TAG_KEY: variable.string('remediation:protected', /^.{1,128}$/),
  PROTECTED_USERS: variable.list('break-glass-admin', IAM_NAME),
  PROTECTED_ROLES: variable.list('OrganizationAccountAccessRole', IAM_NAME),
  REMEDIATION_SESSION_SECONDS: variable.integer(900, 900, 3600),
  AUDIT_TABLE_NAME: variable.string('remediation-audit', TABLE_NAME),
  REQUESTS_TABLE_NAME: variable.string('remediation-requests', TABLE_NAME),
  RESOURCE_LOCK_WAIT_MS: variable.integer(3000, 0, 20000),
  RESOURCE_LOCK_LEASE_SECONDS: variable.integer(60, 2, 900),
  IDEMPOTENCY_KEY_HOURS: variable.integer(24, 1, 168),
  JOBS_TABLE_NAME: variable.string('remediation-jobs', TABLE_NAME),
  BULK_STATE_MACHINE_ARN: variable.optionalString(
    /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[\w-]+$/,
  ),
  BULK_LANE_CONCURRENCY: variable.integer(4, 1, 20),
  BULK_LANE_BUDGET_MS: variable.integer(240000, 1000, 840000),
  RUN_BUDGET_MS: variable.integer(25000, 1000, 900000),
  SCAN_BUDGET_MS: variable.integer(20000, 100, 25000),
  PLAN_WINDOW_MINUTES: variable.integer(15, 1, 1440),
  PLAN_REQUIRED_DOORS: variable.list('mcp', /^(mcp|http|none)$/),
  BEDROCK_SERVICE_CLIENT_ID: variable.optionalString(/^[\w+]{1,128}$/),
};

export function loadConfig(env: Env = process.env): Config {
  const read = new EnvReader(env);
  const v = read.read(VARIABLES);
  const poolRegion = v.COGNITO_USER_POOL_ID.split('_')[0] as string;
  const issuer = `https://cognito-idp.${poolRegion}.amazonaws.com/${v.COGNITO_USER_POOL_ID}`;
  // The ports alone move every local URL, so a moved sandbox still signs people in and its
  // tokens still verify.
  const local = localUrls(v);
  const { PUBLIC_URL } = read.read({ PUBLIC_URL: variable.url(local.api) });
  const derived = read.read({
    POLICY_BASE_URL: variable.url(`${PUBLIC_URL}/policies`),
    COGNITO_DOMAIN_URL: variable.url(local.sandbox),
    // The sandbox pool's keys are served by the sandbox; any other pool's by its real issuer.
    COGNITO_JWKS_URI: variable.url(
      v.COGNITO_USER_POOL_ID === SANDBOX_USER_POOL_ID
        ? `${local.sandbox}/${v.COGNITO_USER_POOL_ID}/.well-known/jwks.json`
        : `${issuer}/.well-known/jwks.json`,
    ),
  });
  read.throwIfInvalid((problems) => new ConfigError(`Invalid configuration:\n${problems}`));
  return {
    host: v.HOST,
    port: v.PORT,
    local: {
      sandboxPort: v.SANDBOX_PORT,
      sandboxUrl: local.sandbox,
      dynamoDbPort: v.DYNAMODB_PORT,
      dynamoDbUrl: local.dynamoDb,
    },
    publicUrl: PUBLIC_URL,
    policyBaseUrl: derived.POLICY_BASE_URL,
    homeRegion: v.AWS_REGION,
    cognito: {
      userPoolId: v.COGNITO_USER_POOL_ID,
      clientIds: v.COGNITO_CLIENT_IDS,
      jwksUri: derived.COGNITO_JWKS_URI,
      domainUrl: derived.COGNITO_DOMAIN_URL,
      resourceServer: v.OAUTH_RESOURCE_SERVER,
      docsClientId: v.DOCS_OAUTH_CLIENT_ID,
    },
    groups: {
      responders: v.GROUPS_RESPONDERS,
      reversibleWriters: v.GROUPS_REVERSIBLE_WRITERS,
      auditors: v.GROUPS_AUDITORS,
    },
    allowedAccountsSource: v.ALLOWED_ACCOUNTS_SOURCE === 'organization' ? 'organization' : 'list',
    allowedAccounts: v.ALLOWED_ACCOUNTS,
    organizationTtlSeconds: v.ORGANIZATION_ACCOUNTS_TTL_SECONDS,
    allowedRegions: v.ALLOWED_REGIONS,
    remediationRoleName: v.REMEDIATION_ROLE_NAME,
    protectedTagKey: v.PROTECTED_TAG_KEY,
    protectedUsers: v.PROTECTED_USERS,
    protectedRoles: v.PROTECTED_ROLES,
    sessionDurationSeconds: v.REMEDIATION_SESSION_SECONDS,
    audit: {
      tableName: v.AUDIT_TABLE_NAME,
      requestsTableName: v.REQUESTS_TABLE_NAME,
      lockWaitMs: v.RESOURCE_LOCK_WAIT_MS,
      lockLeaseSeconds: v.RESOURCE_LOCK_LEASE_SECONDS,
      idempotencyHours: v.IDEMPOTENCY_KEY_HOURS,
      jobsTableName: v.JOBS_TABLE_NAME,
    },
    bulk: {
      stateMachineArn: v.BULK_STATE_MACHINE_ARN,
      laneConcurrency: v.BULK_LANE_CONCURRENCY,
      laneBudgetMs: v.BULK_LANE_BUDGET_MS,
    },
    runBudgetMs: v.RUN_BUDGET_MS,
    scanBudgetMs: v.SCAN_BUDGET_MS,
    planWindowMinutes: v.PLAN_WINDOW_MINUTES,
    planRequiredDoors: v.PLAN_REQUIRED_DOORS.filter(
      (door): door is 'mcp' | 'http' => door === 'mcp' || door === 'http',
    ),
    bedrock: { serviceClientId: v.BEDROCK_SERVICE_CLIENT_ID },
  };
}
