import { loadConfig, SANDBOX_USER_POOL_ID } from '../../api/config.js';
import { type LocalDynamo, startLocalDynamo } from './dynamo.js';
import type { EstateOptions } from './sandbox/estate/generate.js';
import { type Sandbox, startSandbox } from './sandbox/server.js';

export interface LocalCloud {
  sandbox: Sandbox;
  /** The audit tables (dynalite); `dynamo.client` reads or edits them as an operator would. */
  dynamo: LocalDynamo;
  /**
   * The variables that point the API and the SDK at this cloud: the standard AWS endpoint and
   * credential variables, and where the sandbox pool's keys and hosted UI are.
   */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface LocalCloudOptions {
  /** 0 (default) picks free ports. */
  sandboxPort?: number;
  dynamoPort?: number;
  /** Keep the audit tables in this folder; in memory when unset. */
  dataDir?: string;
  /** Sizes of the sandbox's generated organisation; the default estate when unset. */
  estate?: EstateOptions;
  /** The API's environment, for the audit table names. */
  apiEnv?: Record<string, string | undefined>;
}

/** The sandbox cloud and a local DynamoDB with the audit tables: what the API needs to run. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const { audit } = loadConfig(options.apiEnv ?? {});
  const sandbox = await startSandbox({
    port: options.sandboxPort ?? 0,
    ...(options.estate ? { estate: options.estate } : {}),
  });
  const dynamo = await startLocalDynamo({
    port: options.dynamoPort ?? 0,
    tables: {
      audit: audit.tableName,
      requests: audit.requestsTableName,
      jobs: audit.jobsTableName,
    },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  }).catch(async (error: Error) => {
    await sandbox.close();
    throw error;
  });
  return {
    sandbox,
    dynamo,
    env: {
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_REGION: 'us-east-1',
      // The sandbox treats any key it did not issue as the security account's own credentials.
      AWS_ACCESS_KEY_ID: 'sandbox-security-account',
      AWS_SECRET_ACCESS_KEY: 'sandbox-not-a-secret',
      COGNITO_JWKS_URI: `${sandbox.url}/${SANDBOX_USER_POOL_ID}/.well-known/jwks.json`,
      COGNITO_DOMAIN_URL: sandbox.url,
    },
    async close() {
      // Either server left listening would keep the process alive, so one failing to close
      // must not keep the other open.
      try {
        await dynamo.close();
      } finally {
        await sandbox.close();
      }
    },
  };
}
