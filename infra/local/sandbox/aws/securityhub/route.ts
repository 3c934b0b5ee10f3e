import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { json, type Route, type SandboxRequest, type SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { resolvePrincipal } from '../identity.js';
import { readCredentialScope, readSessionToken } from '../signature.js';
import { SecurityHubError } from './errors.js';
import { BINDINGS } from './operations.js';
import { securityHubOf } from './state.js';

/**
 * AWS Security Hub's REST-JSON API (GetFindings, BatchUpdateFindings and the v2 pair), told apart
 * by the `securityhub` service of the SigV4 credential scope. `GET /_sandbox/state/securityhub`
 * shows every finding as stored.
 */
export function createSecurityHubRoute(getWorld: () => World, knobs: Knobs): Route {
  return async (request) => {
    if (request.method === 'GET' && request.url.pathname === '/_sandbox/state/securityhub') {
      return json(200, { findings: [...securityHubOf(getWorld()).findings.values()] });
    }
    const scope = readCredentialScope(request.headers, request.url);
    if (scope?.service !== 'securityhub') return undefined;
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
  const binding = BINDINGS.find(
    ([, method, path]) => method === request.method && path === request.url.pathname,
  );
  const action = binding?.[0] ?? `${request.method} ${request.url.pathname}`;
  let accountId = 'unknown';
  let principalArn = 'unknown';
  let injected = false;
  let body: Record<string, unknown> = {};
  const log = (outcome: string, status: number) =>
    knobs.record({
      service: 'securityhub',
      action,
      accountId,
      region,
      principalArn,
      params: Object.fromEntries(
        Object.entries(body).map(([key, value]) => [key, JSON.stringify(value)]),
      ),
      outcome,
      status,
      injected,
    });
  if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
  try {
    body = parseBody(request);
    if (!binding) {
      throw new SecurityHubError(
        'InvalidInputException',
        `The sandbox does not emulate ${request.method} ${request.url.pathname} of Security Hub`,
        404,
      );
    }
    const now = new Date();
    const token = readSessionToken(request.headers, request.url);
    const resolution = resolvePrincipal(world, accessKeyId, token, 'securityhub', region, now);
    if ('problem' in resolution) {
      throw new SecurityHubError(
        resolution.problem === 'expired' ? 'ExpiredTokenException' : 'UnrecognizedClientException',
        resolution.problem === 'expired'
          ? 'The security token included in the request is expired'
          : 'The security token included in the request is invalid.',
        403,
      );
    }
    accountId = resolution.principal.accountId;
    principalArn = resolution.principal.arn;
    const fault = knobs.faultFor({ service: 'securityhub', action, accountId, region });
    if (fault) {
      injected = true;
      throw new SecurityHubError(fault.code, fault.message, fault.status);
    }
    const answer = binding[3]({
      state: securityHubOf(world),
      accountId,
      region,
      body,
      now,
      defaultPageSize: knobs.pageSizes.get(action),
    });
    log('ok', 200);
    return json(200, answer, { 'x-amzn-requestid': requestId });
  } catch (error) {
    if (!(error instanceof SecurityHubError)) {
      log('SandboxError', 500);
      throw error;
    }
    log(error.code, error.status);
    return json(
      error.status,
      { Code: error.code, Message: error.message },
      { 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
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
  throw new SecurityHubError('InvalidInputException', 'The request body is not a JSON object.');
}
