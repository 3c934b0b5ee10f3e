import { json, type Route, type SandboxRequest, type SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { jsonObjectBody, serveJsonCall } from '../json-call.js';
import { readCredentialScope } from '../signature.js';
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
    return handle(request, getWorld(), knobs);
  };
}

function handle(request: SandboxRequest, world: World, knobs: Knobs): Promise<SandboxResponse> {
  const matched = matchOperation(request.method, request.url.pathname);
  return serveJsonCall(request, world, knobs, {
    service: 'qbusiness',
    action: matched?.name ?? `${request.method} ${request.url.pathname}`,
    protocol: {
      kind: 'rest-json',
      errorBody: (error) => ({ message: error.message, ...error.members }),
    },
    tokenStatus: 403,
    params: () => ({
      ...(matched?.labels ?? {}),
      ...Object.fromEntries(request.url.searchParams),
    }),
    run: ({ accountId, region, now }) => {
      if (!matched) {
        throw new QBusinessError(
          'UnknownOperationException',
          `The sandbox does not emulate ${request.method} ${request.url.pathname} of Q Business`,
          404,
        );
      }
      return matched.operation({
        state: qbusinessOf(world),
        accountId,
        region,
        now,
        labels: matched.labels,
        query: request.url.searchParams,
        body: parseBody(request),
        defaultPageSize: knobs.pageSizes.get(matched.name),
      });
    },
  });
}

function parseBody(request: SandboxRequest): Json {
  const body = jsonObjectBody(request, cannotParse);
  if (!isObject(body)) throw cannotParse('The request body must be a JSON object.');
  return body;
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
