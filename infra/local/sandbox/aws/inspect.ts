import { json, type Route } from '../http.js';
import type { World } from '../state.js';
import { computeOf } from './ec2/compute/state.js';
import { IdFactory } from './ids.js';

/**
 * Read-only JSON views of the world, for people poking at a running sandbox:
 *   GET /_sandbox/state/ec2?accountId=222222222222&region=us-east-1
 *   GET /_sandbox/state/iam?accountId=222222222222
 *   GET /_sandbox/state/sts
 *   GET /_sandbox/state/ec2-instances?accountId=222222222222&region=us-east-1  (with each
 *       interface's group history, which AWS shows only in CloudTrail)
 */
export function createInspectRoute(getWorld: () => World): Route {
  return async (request) => {
    if (request.method !== 'GET') return undefined;
    const world = getWorld();
    const query = request.url.searchParams;
    const account = world.accounts.get(query.get('accountId') ?? '');
    switch (request.url.pathname) {
      case '/_sandbox/state/ec2': {
        const region = account?.ec2.get(query.get('region') ?? 'us-east-1');
        if (!account) return json(404, { error: 'unknown accountId' });
        return plain(region ?? { securityGroups: new Map() });
      }
      case '/_sandbox/state/iam':
        return account ? plain(account.iam) : json(404, { error: 'unknown accountId' });
      case '/_sandbox/state/ec2-instances':
        return account
          ? plain(computeOf(world, account.accountId, query.get('region') ?? 'us-east-1'))
          : json(404, { error: 'unknown accountId' });
      case '/_sandbox/state/sts':
        return plain(world.sts);
      default:
        return undefined;
    }
  };
}

function plain(value: unknown) {
  const replacer = (_key: string, item: unknown) => {
    if (item instanceof Map) return Object.fromEntries(item);
    if (item instanceof IdFactory) return undefined;
    return item;
  };
  return json(200, JSON.parse(JSON.stringify(value, replacer)));
}
