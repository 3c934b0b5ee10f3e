import { QBusinessClient } from '@aws-sdk/client-qbusiness';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { PluginConfig } from './config.js';

/**
 * The Q Business client the tool uses, against AWS or the sandbox alike. The SDK's default
 * handler for Q Business is HTTP/2, for the Chat event stream; the control-plane calls here are
 * ordinary requests, so HTTP/1.1 serves both AWS and the sandbox (which speaks only HTTP/1.1).
 */
export function createQBusinessClient(config: PluginConfig): QBusinessClient {
  return new QBusinessClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 30_000 }),
    maxAttempts: 3,
  });
}
