import { type Env, EnvReader } from '../api/env/env-reader.js';
import { LOCAL_PORTS, localUrls } from '../api/env/local-ports.js';
import { variable } from '../api/env/variables.js';
import { ToolError } from './errors.js';

/**
 * What the plugin tool reads from the environment, validated once. With QBUSINESS_APPLICATION_ID
 * unset it targets the Q Business application seeded in the local sandbox (`npm start`), so it
 * works on a fresh clone; setting it switches every default that only makes sense locally off.
 * The same variables as the API (PUBLIC_URL, COGNITO_DOMAIN_URL, POLICY_BASE_URL) describe the
 * deployment, so one environment file serves both.
 */
export interface PluginConfig {
  /** True when aimed at the local sandbox rather than AWS. */
  sandbox: boolean;
  region: string;
  /** Unset in AWS: the SDK resolves the regional endpoint itself. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  applicationId: string;
  indexId: string;
  plugin: {
    displayName: string;
    description: string;
    /** The deployed API: the OpenAPI document's `servers` entry. */
    apiUrl: string;
    /** Cognito hosted-UI domain: the authorize and token URLs. */
    cognitoDomainUrl: string;
    secretArn: string;
    roleArn: string;
  };
  policy: {
    dataSourceName: string;
    /** Citations link to `<base>/<file>#<section anchor>`. */
    baseUrl: string;
  };
  /** How often to poll for a build or a sync, and for how long at most. */
  pollMs: number;
  waitSeconds: number;
}

/** What the sandbox seeds; its address follows SANDBOX_PORT (api/env/local-ports.ts). */
export const SANDBOX = {
  applicationId: '5eed0001-0000-4000-8000-000000000001',
  indexId: '5eed0002-0000-4000-8000-000000000001',
  accountId: '111111111111',
  // Any key the sandbox did not issue acts as the security account.
  credentials: { accessKeyId: 'sandbox-plugin-tool', secretAccessKey: 'sandbox-not-a-secret' },
} as const;

const ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const WHEN_IN_AWS = 'when QBUSINESS_APPLICATION_ID is set:';

export function loadPluginConfig(env: Env = process.env): PluginConfig {
  const read = new EnvReader(env);
  const sandbox = read.raw('QBUSINESS_APPLICATION_ID') === undefined;
  const ports = read.read(LOCAL_PORTS);
  const local = localUrls(ports);
  const v = read.read({
    AWS_REGION: variable.string('us-east-1', REGION),
    AWS_ENDPOINT_URL: variable.optionalUrl(),
    QBUSINESS_APPLICATION_ID: variable.string(SANDBOX.applicationId, ID),
    PUBLIC_URL: variable.url(local.api),
    COGNITO_DOMAIN_URL: variable.url(local.sandbox),
    PLUGIN_NAME: variable.string('security-remediation', NAME),
    PLUGIN_DESCRIPTION: variable.string(
      'Inspect and fix security findings in AWS accounts: close ports open to the internet and contain compromised IAM users and roles.',
      /^[\s\S]{1,200}$/,
    ),
    POLICY_DATA_SOURCE_NAME: variable.string('security-policy', NAME),
    PLUGIN_POLL_MS: variable.integer(sandbox ? 100 : 5000, 10, 60_000),
    PLUGIN_WAIT_SECONDS: variable.integer(sandbox ? 30 : 900, 1, 3600),
  });
  // In the sandbox everything has a seeded default; in AWS only the operator knows these.
  const target = read.read(
    sandbox
      ? {
          QBUSINESS_INDEX_ID: variable.string(SANDBOX.indexId, ID),
          PLUGIN_OAUTH_SECRET_ARN: variable.string(
            `arn:aws:secretsmanager:${v.AWS_REGION}:${SANDBOX.accountId}:secret:security-remediation-plugin-oauth-Sandbx`,
            SECRET_ARN,
          ),
          PLUGIN_ROLE_ARN: variable.string(
            `arn:aws:iam::${SANDBOX.accountId}:role/QBusinessRemediationPluginRole`,
            ROLE_ARN,
          ),
        }
      : {
          QBUSINESS_INDEX_ID: variable.required(
            ID,
            `${WHEN_IN_AWS} the id of the application index the policy goes into`,
          ),
          PLUGIN_OAUTH_SECRET_ARN: variable.required(
            SECRET_ARN,
            `${WHEN_IN_AWS} the Secrets Manager secret holding client_id, client_secret and redirect_uri`,
          ),
          PLUGIN_ROLE_ARN: variable.required(
            ROLE_ARN,
            `${WHEN_IN_AWS} the IAM role Q Business assumes to read that secret`,
          ),
        },
  );
  const { POLICY_BASE_URL } = read.read({
    POLICY_BASE_URL: variable.url(`${v.PUBLIC_URL}/policies`),
  });
  const config: PluginConfig = {
    sandbox,
    region: v.AWS_REGION,
    endpoint: v.AWS_ENDPOINT_URL ?? (sandbox ? local.sandbox : undefined),
    applicationId: v.QBUSINESS_APPLICATION_ID,
    indexId: target.QBUSINESS_INDEX_ID,
    plugin: {
      displayName: v.PLUGIN_NAME,
      description: v.PLUGIN_DESCRIPTION,
      apiUrl: v.PUBLIC_URL,
      cognitoDomainUrl: v.COGNITO_DOMAIN_URL,
      secretArn: target.PLUGIN_OAUTH_SECRET_ARN,
      roleArn: target.PLUGIN_ROLE_ARN,
    },
    policy: { dataSourceName: v.POLICY_DATA_SOURCE_NAME, baseUrl: POLICY_BASE_URL },
    pollMs: v.PLUGIN_POLL_MS,
    waitSeconds: v.PLUGIN_WAIT_SECONDS,
  };
  // Keys given in the environment are used as given; otherwise the SDK's own chain (profile, SSO,
  // instance role) applies, except in the sandbox, which accepts any key.
  const accessKeyId = read.raw('AWS_ACCESS_KEY_ID');
  const secretAccessKey = read.raw('AWS_SECRET_ACCESS_KEY');
  const sessionToken = read.raw('AWS_SESSION_TOKEN');
  if (accessKeyId && secretAccessKey) {
    config.credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
    };
  } else if (sandbox && !read.raw('AWS_PROFILE')) {
    config.credentials = { ...SANDBOX.credentials };
  }
  read.throwIfInvalid(
    (problems) =>
      new ToolError(
        `The configuration is not valid; fix these environment variables:\n${problems}`,
      ),
  );
  return config;
}
