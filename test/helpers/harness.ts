import type {
  FastifyInstance,
  FastifyServerOptions,
  InjectOptions,
  LightMyRequestResponse,
} from 'fastify';
import { type AppDependencies, buildApp } from '../../api/app.js';
import { AuditStore, createDynamoClient } from '../../api/audit/audit-store.js';
import { createTokenVerifier } from '../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../api/aws/clients.js';
import { type Config, loadConfig } from '../../api/config.js';
import type { LocalDynamo } from '../../infra/local/dynamo.js';
import { startLocalCloud } from '../../infra/local/local-cloud.js';
import type { EstateOptions } from '../../infra/local/sandbox/estate/generate.js';
import type { Sandbox } from '../../infra/local/sandbox/server.js';
import { TokenFactory } from './token-factory.js';

export interface Harness {
  app: FastifyInstance;
  sandbox: Sandbox;
  /** The audit tables (dynalite); `dynamo.client` reads or edits them as an operator would. */
  dynamo: LocalDynamo;
  audit: AuditStore;
  tokens: TokenFactory;
  config: Config;
  /** A request as the given token's holder. */
  call(token: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * The API in-process (app.inject) against a sandbox cloud on a free port. AWS is reached through
 * the SDK's standard variables, exactly as in production; tokens come from a key made for the run.
 */
export async function startHarness(
  env: Record<string, string> = {},
  options: {
    dataDir?: string;
    logger?: FastifyServerOptions['logger'];
    /** Fetch the keys from COGNITO_JWKS_URI as in production, instead of preloading the run's. */
    fetchKeys?: boolean;
    /** The engine bulk jobs run on (the local runner); without it jobs are refused. */
    bulk?: AppDependencies['bulk'];
    /** Sizes of the sandbox's generated organisation. */
    estate?: EstateOptions;
  } = {},
): Promise<Harness> {
  const cloud = await startLocalCloud({
    apiEnv: env,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.estate ? { estate: options.estate } : {}),
  });
  const { sandbox, dynamo } = cloud;
  Object.assign(process.env, cloud.env);
  const tokens = new TokenFactory();
  // The hosted UI is the run's sandbox, as `npm start` has it (the MCP metadata names it).
  const config = loadConfig({
    COGNITO_DOMAIN_URL: cloud.env.COGNITO_DOMAIN_URL ?? '',
    COGNITO_JWKS_URI: cloud.env.COGNITO_JWKS_URI ?? '',
    ...env,
  });
  // The SDK reads the variable once per client; naming the endpoint keeps harnesses apart.
  const audit = new AuditStore(config, createDynamoClient(config, dynamo.url));
  const app = await buildApp({
    config,
    verifier: options.fetchKeys
      ? createTokenVerifier(config)
      : createTokenVerifier(config, { jwks: tokens.jwks() }),
    aws: new AwsClientFactory(config),
    audit,
    ...(options.bulk ? { bulk: options.bulk } : {}),
    // Off unless a test reads the log lines (pass { level, stream }).
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await app.ready();
  return {
    app,
    sandbox,
    dynamo,
    audit,
    tokens,
    config,
    call(token, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (token) headers.authorization = `Bearer ${token}`;
      return app.inject({ ...options, headers });
    },
    async close() {
      // The servers must close even when the app's close fails: a listening socket left behind
      // keeps the test file's process alive after its tests have passed.
      try {
        await app.close();
        audit.close();
      } finally {
        await cloud.close();
      }
    },
  };
}
