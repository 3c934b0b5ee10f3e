import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { AuditStore, createDynamoClient } from '../api/audit/audit-store.js';
import { createTokenVerifier } from '../api/auth/token-verifier.js';
import { AwsClientFactory } from '../api/aws/clients.js';
import { loadConfig } from '../api/config.js';
import { LocalBulkEngine } from '../infra/local/bulk/local-engine.js';
import { TokenFactory } from '../test/helpers/token-factory.js';

export interface BulkApi {
  app: FastifyInstance;
  audit: AuditStore;
  tokens: TokenFactory;
  /** Resolves when the job's run in this process has ended. */
  settled(jobId: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The API and the local bulk runner in this process, pointed at a cloud (sandbox and dynalite) in
 * another by `env`, as in AWS where EC2 and DynamoDB are remote. Built afresh for each run, so no
 * run inherits another's clients, pacing or chain head.
 */
export async function startBulkApi(
  env: Record<string, string>,
  options: { ec2RefillScale?: number } = {},
): Promise<BulkApi> {
  Object.assign(process.env, env);
  const config = loadConfig({
    ...env,
    ALLOWED_ACCOUNTS_SOURCE: 'organization',
    BULK_LANE_CONCURRENCY: '4',
  });
  const tokens = new TokenFactory();
  const audit = new AuditStore(config, createDynamoClient(config, env.AWS_ENDPOINT_URL_DYNAMODB));
  let engine: LocalBulkEngine | undefined;
  const app = await buildApp({
    config,
    verifier: createTokenVerifier(config, { jwks: tokens.jwks() }),
    aws: new AwsClientFactory(
      config,
      options.ec2RefillScale ? { ec2RefillScale: options.ec2RefillScale } : {},
    ),
    audit,
    bulk: { engine: (tasks) => (engine = new LocalBulkEngine(tasks)) },
  });
  await app.ready();
  return {
    app,
    audit,
    tokens,
    settled: (jobId) => engine?.settled(jobId) ?? Promise.resolve(),
    async close() {
      await engine?.close();
      await app.close();
      audit.close();
    },
  };
}
