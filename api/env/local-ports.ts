import type { Static, TObject } from 'typebox';
import { variable } from './variables.js';

/**
 * The ports `npm start` uses on this machine. Every local URL is derived from them, so setting
 * PORT, SANDBOX_PORT or DYNAMODB_PORT alone moves the API, the sandbox cloud (AWS endpoint,
 * Cognito sign-in and signing keys) or the local DynamoDB, and everything that points at them.
 */
export const LOCAL_PORTS = {
  PORT: variable.integer(3000, 0, 65535),
  SANDBOX_PORT: variable.integer(4566, 1, 65535),
  DYNAMODB_PORT: variable.integer(4567, 1, 65535),
};

export type LocalPorts = Static<TObject<typeof LOCAL_PORTS>>;

/** Loopback URLs of what listens on those ports. */
export function localUrls(ports: LocalPorts) {
  return {
    api: `http://127.0.0.1:${ports.PORT}`,
    sandbox: `http://127.0.0.1:${ports.SANDBOX_PORT}`,
    dynamoDb: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
  };
}
