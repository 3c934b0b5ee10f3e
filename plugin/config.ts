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

export const SANDBOX = {
  endpoint: 'http://127.0.0.1:4566',
  applicationId: '5eed0001-0000-4000-8000-000000000001',
  indexId: '5eed0002-0000-4000-8000-000000000001',
  accountId: '111111111111',
  // Any key the sandbox did not issue acts as the security account.
  credentials: { accessKeyId: 'sandbox-plugin-tool', secretAccessKey: 'sandbox-not-a-secret' },
} as const;

type Env = Record<string, string | undefined>;

const ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

export function loadPluginConfig(env: Env = process.env): PluginConfig {
  const read = new Reader(env);
  const sandbox = read.raw('QBUSINESS_APPLICATION_ID') === undefined;
  const region = read.string('AWS_REGION', 'us-east-1', REGION);
  const applicationId = read.string('QBUSINESS_APPLICATION_ID', SANDBOX.applicationId, ID);
  const indexId = sandbox
    ? read.string('QBUSINESS_INDEX_ID', SANDBOX.indexId, ID)
    : read.required(
        'QBUSINESS_INDEX_ID',
        ID,
        'the id of the application index the policy goes into',
      );
  const apiUrl = read.url('PUBLIC_URL', 'http://127.0.0.1:3000');
  const fallbackRole = `arn:aws:iam::${SANDBOX.accountId}:role/QBusinessRemediationPluginRole`;
  const fallbackSecret = `arn:aws:secretsmanager:${region}:${SANDBOX.accountId}:secret:security-remediation-plugin-oauth-Sandbx`;
  const config: PluginConfig = {
    sandbox,
    region,
    endpoint: read.optionalUrl('AWS_ENDPOINT_URL') ?? (sandbox ? SANDBOX.endpoint : undefined),
    applicationId,
    indexId,
    plugin: {
      displayName: read.string('PLUGIN_NAME', 'security-remediation', NAME),
      description: read.string(
        'PLUGIN_DESCRIPTION',
        'Inspect and fix security findings in AWS accounts: close ports open to the internet and contain compromised IAM users and roles.',
        /^[\s\S]{1,200}$/,
      ),
      apiUrl,
      cognitoDomainUrl: read.url('COGNITO_DOMAIN_URL', SANDBOX.endpoint),
      secretArn: sandbox
        ? read.string('PLUGIN_OAUTH_SECRET_ARN', fallbackSecret, SECRET_ARN)
        : read.required(
            'PLUGIN_OAUTH_SECRET_ARN',
            SECRET_ARN,
            'the Secrets Manager secret holding client_id, client_secret and redirect_uri',
          ),
      roleArn: sandbox
        ? read.string('PLUGIN_ROLE_ARN', fallbackRole, ROLE_ARN)
        : read.required(
            'PLUGIN_ROLE_ARN',
            ROLE_ARN,
            'the IAM role Q Business assumes to read that secret',
          ),
    },
    policy: {
      dataSourceName: read.string('POLICY_DATA_SOURCE_NAME', 'security-policy', NAME),
      baseUrl: read.url('POLICY_BASE_URL', `${apiUrl}/policies`),
    },
    pollMs: read.integer('PLUGIN_POLL_MS', sandbox ? 100 : 5000, 10, 60_000),
    waitSeconds: read.integer('PLUGIN_WAIT_SECONDS', sandbox ? 30 : 900, 1, 3600),
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
  read.throwIfInvalid();
  return config;
}

/** Collects every problem first, so one run names all the variables to fix. */
class Reader {
  private readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback: string, pattern: RegExp): string {
    const value = this.raw(name) ?? fallback;
    if (!pattern.test(value)) this.problems.push(`${name}="${value}" must match ${pattern}`);
    return value;
  }

  required(name: string, pattern: RegExp, what: string): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problems.push(`${name} is required when QBUSINESS_APPLICATION_ID is set: ${what}`);
      return '';
    }
    return this.string(name, value, pattern);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
    return fallback;
  }

  url(name: string, fallback: string): string {
    return this.optionalUrl(name) ?? fallback;
  }

  optionalUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    this.problems.push(`${name}="${value}" must be an http(s) URL`);
    return undefined;
  }

  throwIfInvalid(): void {
    if (this.problems.length > 0) {
      throw new ToolError(
        `The configuration is not valid; fix these environment variables:\n  - ${this.problems.join('\n  - ')}`,
      );
    }
  }
}
