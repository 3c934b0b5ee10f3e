import awsLambdaFastify from '@fastify/aws-lambda';
import { buildApp } from './app.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { isBedrockEvent } from './bedrock/event.js';
import type { BedrockHandler } from './bedrock/handler.js';
import { isBulkTaskEvent, type TaskEvent } from './bulk/task-event.js';
import { loadConfig } from './config.js';

// Built at module scope so a warm container reuses the app, the SDK clients and the cached keys.
const config = loadConfig();
const verifier = createTokenVerifier(config);
const app = await buildApp({
  config,
  verifier,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  lazySchemas: true,
});

// The adapter decorates requests, which Fastify allows only before the app is ready.
const proxy = awsLambdaFastify(app);
await app.ready();

let bedrock: Promise<BedrockHandler> | undefined;
let bulkTask: Promise<(event: TaskEvent) => Promise<unknown>> | undefined;

/**
 * API Gateway events go to the app; Amazon Bedrock action-group events (the same function serves
 * the agent) to the Bedrock door, loaded on the first such event.
 */
export const handler = async (event: unknown, context: Parameters<typeof proxy>[1]) => {
  // The bulk job state machine's task states invoke this function too (api/bulk/state-machine.ts).
  if (isBulkTaskEvent(event)) {
    bulkTask ??= import('./bulk/lambda-task.js')
      .then((m) => m.bulkTaskHandler(config, app.log.child({ door: 'bulk' })))
      .catch((error: unknown) => {
        bulkTask = undefined;
        throw error;
      });
    return (await bulkTask)(event);
  }
  if (!isBedrockEvent(event)) return proxy(event as Parameters<typeof proxy>[0], context);
  bedrock ??= import('./bedrock/lambda-entry.js')
    .then((m) => m.bedrockLambdaHandler(config, verifier, app.log.child({ door: 'bedrock' })))
    .catch((error: unknown) => {
      // Let the next event try again rather than keep a failed import forever.
      bedrock = undefined;
      throw error;
    });
  return bedrock.then((door) => door(event));
};
