import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../api/app.js';
import { createTokenVerifier } from '../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../api/aws/clients.js';
import { type Config, loadConfig } from '../../api/config.js';
import { type Sandbox, startSandbox } from '../../infra/local/sandbox/server.js';
import { TokenFactory } from './token-factory.js';

export interface Harness {
  app: FastifyInstance;
  sandbox: Sandbox;
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
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0 });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: sandbox.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-security-account',
    AWS_SECRET_ACCESS_KEY: 'test-not-a-secret',
  });
  const tokens = new TokenFactory();
  const config = loadConfig(env);
  const app = await buildApp({
    config,
    verifier: createTokenVerifier(config, { jwks: tokens.jwks() }),
    aws: new AwsClientFactory(config),
  });
  await app.ready();
  return {
    app,
    sandbox,
    tokens,
    config,
    call(token, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (token) headers.authorization = `Bearer ${token}`;
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}
