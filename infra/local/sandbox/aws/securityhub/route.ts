import { json, type Route, type SandboxRequest, type SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { jsonObjectBody, serveJsonCall } from '../json-call.js';
import { readCredentialScope } from '../signature.js';
import { invalidInput, SecurityHubError } from './errors.js';
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
    return handle(request, getWorld(), knobs);
  };
}

function handle(request: SandboxRequest, world: World, knobs: Knobs): Promise<SandboxResponse> {
  const binding = BINDINGS.find(
    ([, method, path]) => method === request.method && path === request.url.pathname,
  );
  let body: Record<string, unknown> = {};
  return serveJsonCall(request, world, knobs, {
    service: 'securityhub',
    action: binding?.[0] ?? `${request.method} ${request.url.pathname}`,
    protocol: {
      kind: 'rest-json',
      errorBody: (error) => ({ Code: error.code, Message: error.message }),
    },
    tokenStatus: 403,
    params: () =>
      Object.fromEntries(Object.entries(body).map(([key, value]) => [key, JSON.stringify(value)])),
    run: ({ accountId, region, now }) => {
      body = jsonObjectBody(request, invalidInput);
      if (!binding) {
        throw new SecurityHubError(
          'InvalidInputException',
          `The sandbox does not emulate ${request.method} ${request.url.pathname} of Security Hub`,
          404,
        );
      }
      return binding[3]({
        state: securityHubOf(world),
        accountId,
        region,
        body,
        now,
        defaultPageSize: knobs.pageSizes.get(binding[0]),
      });
    },
  });
}
