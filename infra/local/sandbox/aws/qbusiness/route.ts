import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { json, type Route, type SandboxRequest, type SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { resolvePrincipal } from '../identity.js';
import { readCredentialScope, readSessionToken } from '../signature.js';
import { isObject, type Json } from './checks.js';
import { cannotParse, QBusinessError } from './errors.js';
import { matchOperation } from './operations.js';
import { qbusinessOf, statusAt } from './state.js';

/**
 * Amazon Q Business's REST-JSON control plane. A request is ours when its SigV4 credential scope
 * names the `qbusiness` service, which is how one endpoint plays every service under
 * AWS_ENDPOINT_URL. `GET /_sandbox/state/qbusiness` shows the whole state, including why a plugin
 * build failed (which the API itself never says).
 */
export function createQBusinessRoute(getWorld: () => World, knobs: Knobs): Route {
  return async (request) => {
    if (request.method === 'GET' && request.url.pathname === '/_sandbox/state/qbusiness') {
      return inspect(getWorld());
    }
    const scope = readCredentialScope(request.headers, request.url);
    if (scope?.service !== 'qbusiness') return undefined;
    return handle(request, getWorld(), knobs, scope.accessKeyId, scope.region);
  };
}

async function handle(
  request: SandboxRequest,
  world: World,
  knobs: Knobs,
  accessKeyId: string,
  region: string,
): Promise<SandboxResponse> {
  const requestId = randomUUID();
  const matched = matchOperation(request.method, request.url.pathname);
  const action = matched?.name ?? `${request.method} ${request.url.pathname}`;
  let accountId = 'unknown';
  let principalArn = 'unknown';
  let injected = false;
  const log = (outcome: string, status: number) =>
    knobs.record({
      service: 'qbusiness',
      action,
      accountId,
      region,
      principalArn,
      params: { ...(matched?.labels ?? {}), ...Object.fromEntries(request.url.searchParams) },
      outcome,
      status,
      injected,
    });
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
  try {
    if (!matched) {
      throw new QBusinessError(
        'UnknownOperationException',
        `The sandbox does not emulate ${request.method} ${request.url.pathname} of Q Business`,
        404,
      );
    }
    const now = new Date();
    const token = readSessionToken(request.headers, request.url);
    const resolution = resolvePrincipal(world, accessKeyId, token, 'qbusiness', region, now);
    if ('problem' in resolution) {
      throw resolution.problem === 'expired'
        ? new QBusinessError(
            'ExpiredTokenException',
            'The security token included in the request is expired',
            403,
          )
        : new QBusinessError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
            403,
          );
    }
    accountId = resolution.principal.accountId;
    principalArn = resolution.principal.arn;
    const fault = knobs.faultFor({ service: 'qbusiness', action, accountId, region });
    if (fault) {
      injected = true;
      throw new QBusinessError(fault.code, fault.message, fault.status);
    }
    const answer = matched.operation({
      state: qbusinessOf(world),
      accountId,
      region,
      now,
      labels: matched.labels,
      query: request.url.searchParams,
      body: parseBody(request),
      defaultPageSize: knobs.pageSizes.get(action),
    });
    log('ok', 200);
    return json(200, answer ?? {}, { 'x-amzn-requestid': requestId });
  } catch (error) {
    if (!(error instanceof QBusinessError)) {
      log('SandboxError', 500);
      throw error;
    }
    log(error.code, error.status);
    return json(
      error.status,
      { message: error.message, ...error.members },
      { 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
    );
  }
}

function parseBody(request: SandboxRequest): Json {
  const raw = request.body.toString('utf8').trim();
  if (raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw cannotParse('The request body is not valid JSON.');
  }
  if (!isObject(value)) throw cannotParse('The request body must be a JSON object.');
  return value;
}

function inspect(world: World): SandboxResponse {
  const now = new Date();
  const replacer = (key: string, item: unknown) => {
    if (item instanceof Map) return Object.fromEntries(item);
    if (key === 'ids') return undefined;
    if (isObject(item) && 'pending' in item && 'final' in item && 'settlesAt' in item) {
      return statusAt(item as never, now);
    }
    return item;
  };
  return json(200, JSON.parse(JSON.stringify(qbusinessOf(world), replacer)));
}
