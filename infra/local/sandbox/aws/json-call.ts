import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxRequest, SandboxResponse } from '../http.js';
import type { Knobs } from '../knobs.js';
import type { World } from '../state.js';
import { resolvePrincipal } from './identity.js';
import { readCredentialScope, readSessionToken } from './signature.js';

/**
 * An error of a JSON-protocol service as the SDK must see it: the code becomes the SDK error's
 * name, the status its `$metadata.httpStatusCode`; some codes add members (`Reason`, `resourceId`).
 */
export class JsonServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export interface Caller {
  accountId: string;
  principalArn: string;
  region: string;
  now: Date;
}

export interface JsonCall {
  service: string;
  /** The operation's name, or the method and path when no operation matched. */
  action: string;
  /**
   * How errors travel: REST-JSON names the code in `x-amzn-errortype` (the body is the service's
   * own, `errorBody`); JSON 1.1 in the body's `__type`.
   */
  protocol: { kind: 'rest-json'; errorBody: (error: JsonServiceError) => unknown } | 'json-1.1';
  /** Status of an unrecognised or expired token: 403 on REST-JSON services, 400 on JSON 1.1. */
  tokenStatus: number;
  /** Region to assume when the request is unsigned (global services sign in us-east-1). */
  defaultRegion?: string;
  /** What the call log shows of the request; read after `run`, so it may see the parsed body. */
  params: () => Record<string, string>;
  /** The operation itself, for a caller whose credentials held up and no fault was injected. */
  run: (caller: Caller) => unknown;
}

/**
 * Everything every JSON-protocol service of the sandbox does around an operation: the request
 * id, the configured latency, who is calling (by the SigV4 credential scope and session token),
 * injected faults, the call log, and AWS's error shapes.
 */
export async function serveJsonCall(
  request: SandboxRequest,
  world: World,
  knobs: Knobs,
  call: JsonCall,
): Promise<SandboxResponse> {
  const requestId = randomUUID();
  const scope = readCredentialScope(request.headers, request.url);
  const region = scope?.region ?? call.defaultRegion ?? 'us-east-1';
  let accountId = 'unknown';
  let principalArn = 'unknown';
  let injected = false;
  const log = (outcome: string, status: number) =>
    knobs.record({
      service: call.service,
      action: call.action,
      accountId,
      region,
      principalArn,
      params: call.params(),
      outcome,
      status,
      injected,
    });
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
  try {
    const now = new Date();
    const token = readSessionToken(request.headers, request.url);
    const resolution = resolvePrincipal(
      world,
      scope?.accessKeyId ?? '',
      token,
      call.service,
      region,
      now,
    );
    if ('problem' in resolution) {
      throw resolution.problem === 'expired'
        ? new JsonServiceError(
            'ExpiredTokenException',
            'The security token included in the request is expired',
            call.tokenStatus,
          )
        : new JsonServiceError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
            call.tokenStatus,
          );
    }
    accountId = resolution.principal.accountId;
    principalArn = resolution.principal.arn;
    const fault = knobs.faultFor({ service: call.service, action: call.action, accountId, region });
    if (fault) {
      injected = true;
      throw new JsonServiceError(fault.code, fault.message, fault.status);
    }
    const answer = call.run({ accountId, principalArn, region, now });
    log('ok', 200);
    return reply(call, 200, answer ?? {}, requestId);
  } catch (error) {
    if (!(error instanceof JsonServiceError)) {
      log('SandboxError', 500);
      throw error;
    }
    log(error.code, error.status);
    return call.protocol === 'json-1.1'
      ? reply(
          call,
          error.status,
          { __type: error.code, Message: error.message, ...error.members },
          requestId,
        )
      : reply(call, error.status, call.protocol.errorBody(error), requestId, error.code);
  }
}

/** A JSON object body, or `{}` when empty; anything else is `invalid(message)`. */
export function jsonObjectBody(
  request: SandboxRequest,
  invalid: (message: string) => JsonServiceError,
): Record<string, unknown> {
  const raw = request.body.toString('utf8').trim();
  if (raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalid('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function reply(
  call: JsonCall,
  status: number,
  body: unknown,
  requestId: string,
  errorType?: string,
): SandboxResponse {
  const contentType =
    call.protocol === 'json-1.1' ? 'application/x-amz-json-1.1' : 'application/json';
  return {
    status,
    headers: {
      'content-type': contentType,
      'x-amzn-requestid': requestId,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    body: JSON.stringify(body),
  };
}
