import type { FastifyBaseLogger } from 'fastify';
import { AuditStore } from '../audit/audit-store.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { AwsClientFactory } from '../aws/clients.js';
import type { Config } from '../config.js';
import { type BedrockHandler, createBedrockHandler } from './handler.js';

/**
 * The Bedrock door as api/lambda.ts builds it on the first action-group event: loaded only then,
 * with the AWS SDK, so an API Gateway cold start never pays for it. The token verifier (and its
 * cached keys) is the app's own.
 */
export function bedrockLambdaHandler(
  config: Config,
  verifier: TokenVerifier,
  log: FastifyBaseLogger,
): BedrockHandler {
  return createBedrockHandler({
    config,
    verifier,
    aws: new AwsClientFactory(config),
    audit: new AuditStore(config),
    log,
  });
}
