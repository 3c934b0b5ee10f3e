import awsLambdaFastify from '@fastify/aws-lambda';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

// Built at module scope so a warm container reuses the app, the SDK clients and the cached keys.
const app = await buildApp({
  config: loadConfig(),
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  lazySchemas: true,
});

// The adapter decorates requests, which Fastify allows only before the app is ready.
export const handler = awsLambdaFastify(app);
await app.ready();
