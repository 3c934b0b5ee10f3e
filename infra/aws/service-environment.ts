import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ENV_EXAMPLE = fileURLToPath(new URL('../../.env.example', import.meta.url));

/**
 * Variables of .env.example the Lambda function does not set, and why. Every other variable is
 * set by the stack; a test fails when .env.example gains one that is in neither place.
 */
export const NOT_SET_IN_LAMBDA: Record<string, string> = {
  HOST: 'API Gateway invokes the handler; nothing listens on a socket.',
  PORT: 'API Gateway invokes the handler; nothing listens on a socket.',
  SANDBOX_PORT: 'The sandbox cloud is local only.',
  AWS_REGION: 'Lambda sets it (a reserved variable).',
  COGNITO_JWKS_URI: "The default, the user pool's own issuer, is right in AWS.",
  DOCS_OAUTH_CLIENT_ID: 'Swagger UI (/docs) is not routed through API Gateway.',
  AWS_ENDPOINT_URL: 'The SDK must reach the real AWS endpoints.',
  AWS_ACCESS_KEY_ID: 'The function role provides credentials.',
  AWS_SECRET_ACCESS_KEY: 'The function role provides credentials.',
  AWS_ENDPOINT_URL_DYNAMODB: 'DynamoDB is the real one in AWS.',
  DYNAMODB_PORT: 'The local DynamoDB (dynalite) is for `npm start` only.',
  AUDIT_DATA_DIR: 'The local DynamoDB (dynalite) is for `npm start` only.',
  ALLOWED_ACCOUNTS_SOURCE:
    'The stack deploys the explicit list: organisation mode would also need Organizations read access and AssumeRole in every member account, which the stack does not grant yet.',
  BEDROCK_SERVICE_CLIENT_ID:
    'Unset serves people only; a deployer who wants the Bedrock agent to act as a service identity sets it.',
};

/** Settings whose .env.example value is a sensible production default; deployers may override. */
export const POLICY_SETTINGS = [
  'LOG_LEVEL',
  'REMEDIATION_SESSION_SECONDS',
  'PROTECTED_TAG_KEY',
  'PROTECTED_USERS',
  'PROTECTED_ROLES',
  'RESOURCE_LOCK_WAIT_MS',
  'RESOURCE_LOCK_LEASE_SECONDS',
  'IDEMPOTENCY_KEY_HOURS',
  'RUN_BUDGET_MS',
  'PLAN_WINDOW_MINUTES',
  'PLAN_REQUIRED_DOORS',
  'ORGANIZATION_ACCOUNTS_TTL_SECONDS',
  'SCAN_BUDGET_MS',
  'BULK_LANE_CONCURRENCY',
];

/** Every `NAME=value` of .env.example, commented-out ones included (value undefined). */
export function readEnvExample(file = ENV_EXAMPLE): Map<string, string | undefined> {
  const variables = new Map<string, string | undefined>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[2]) variables.set(match[2], match[1] ? undefined : (match[3] ?? '').trim());
  }
  return variables;
}

export function policySettingDefaults(file = ENV_EXAMPLE): Record<string, string> {
  const example = readEnvExample(file);
  const defaults: Record<string, string> = {};
  for (const name of POLICY_SETTINGS) {
    const value = example.get(name);
    if (value !== undefined) defaults[name] = value;
  }
  return defaults;
}
