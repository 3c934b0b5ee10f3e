import type { Route, SandboxRequest, SandboxResponse } from '../../http.js';
import type { Knobs } from '../../knobs.js';
import type { World } from '../../state.js';
import { jsonObjectBody, serveJsonCall } from '../json-call.js';
import { OrganizationsError } from './errors.js';
import { OPERATIONS } from './operations.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
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

function handle(
  request: SandboxRequest,
  world: World,
  knobs: Knobs,
  action: string,
): Promise<SandboxResponse> {
  let input: Record<string, unknown> = {};
  return serveJsonCall(request, world, knobs, {
    service: 'organizations',
    action,
    protocol: 'json-1.1',
    tokenStatus: 400,
    params: () =>
      Object.fromEntries(Object.entries(input).map(([key, value]) => [key, String(value)])),
    run: ({ accountId }) => {
      input = jsonObjectBody(
        request,
        (message) => new OrganizationsError('SerializationException', message),
      );
      const operation = OPERATIONS[action];
      if (!operation) {
        throw new OrganizationsError(
          'UnknownOperationException',
          `The sandbox does not emulate the Organizations operation ${action}`,
        );
      }
      return operation({
        world,
        accountId,
        input,
        defaultPageSize: knobs.pageSizes.get(action) ?? DEFAULT_PAGE_SIZE,
      });
    },
  });
}
