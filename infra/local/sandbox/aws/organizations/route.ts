import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Route, SandboxRequest, SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { resolvePrincipal } from '../identity.js';
import { readCredentialScope, readSessionToken } from '../signature.js';
import { OrganizationsError } from './errors.js';
import { OPERATIONS } from './operations.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** AWS does not document ListAccounts' page size; a small one makes callers follow NextToken. */
const DEFAULT_PAGE_SIZE = 10;

/**
 * AWS Organizations over the JSON 1.1 protocol: `POST /` with `X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>`, the way the SDK and the CLI send it. Organizations is
 * global; its endpoint signs in us-east-1.
 */
export function createOrganizationsRoute(getWorld: () => World, knobs: Knobs): Route {
  return async (request) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) return undefined;
    return handle(request, getWorld(), knobs, target.slice(TARGET_PREFIX.length));
  };
}

async function handle(
  request: SandboxRequest,
  world: World,
  knobs: Knobs,
  action: string,
): Promise<SandboxResponse> {
  const requestId = randomUUID();
  const scope = readCredentialScope(request.headers, request.url);
  const region = scope?.region ?? 'us-east-1';
  let accountId = 'unknown';
  let principalArn = 'unknown';
  let injected = false;
  let input: Record<string, unknown> = {};
  const log = (outcome: string, status: number) =>
    knobs.record({
      service: 'organizations',
      action,
      accountId,
      region,
      principalArn,
      params: Object.fromEntries(Object.entries(input).map(([key, value]) => [key, String(value)])),
      outcome,
      status,
      injected,
    });
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
  try {
    input = parseBody(request);
    const resolution = resolvePrincipal(
      world,
      scope?.accessKeyId ?? '',
      readSessionToken(request.headers, request.url),
      'organizations',
      region,
      new Date(),
    );
    if ('problem' in resolution) {
      throw resolution.problem === 'expired'
        ? new OrganizationsError(
            'ExpiredTokenException',
            'The security token included in the request is expired',
          )
        : new OrganizationsError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
    }
    accountId = resolution.principal.accountId;
    principalArn = resolution.principal.arn;
    const operation = OPERATIONS[action];
    if (!operation) {
      throw new OrganizationsError(
        'UnknownOperationException',
        `The sandbox does not emulate the Organizations operation ${action}`,
      );
    }
    const fault = knobs.faultFor({ service: 'organizations', action, accountId, region });
    if (fault) {
      injected = true;
      throw new OrganizationsError(fault.code, fault.message, fault.status);
    }
    const answer = operation({
      world,
      accountId,
      input,
      defaultPageSize: knobs.pageSizes.get(action) ?? DEFAULT_PAGE_SIZE,
    });
    log('ok', 200);
    return reply(200, answer, requestId);
  } catch (error) {
    if (!(error instanceof OrganizationsError)) {
      log('SandboxError', 500);
      throw error;
    }
    log(error.code, error.status);
    return reply(
      error.status,
      { __type: error.code, Message: error.message, ...error.members },
      requestId,
    );
  }
}

function parseBody(request: SandboxRequest): Record<string, unknown> {
  const raw = request.body.toString('utf8').trim();
  if (raw === '') return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new OrganizationsError('SerializationException', 'The request body is not a JSON object.');
}

function reply(status: number, body: unknown, requestId: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}
