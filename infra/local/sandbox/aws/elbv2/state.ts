import type { World } from '../../state.js';

/**
 * Elastic Load Balancing v2 target groups of one account and region, with their registered
 * targets. Kept beside the world (keyed by it, so a reset reseeds them).
 */
export interface TargetGroup {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: 'instance' | 'ip';
  loadBalancerArns: string[];
  targets: RegisteredTarget[];
}

export interface RegisteredTarget {
  id: string;
  port: number;
  /** `draining` after DeregisterTargets, until the deregistration delay ends. */
  state: 'initial' | 'healthy' | 'unhealthy' | 'draining';
}

const states = new WeakMap<World, Map<string, Map<string, TargetGroup>>>();

/** The target groups of one account and region, by ARN. */
export function targetGroupsOf(
  world: World,
  accountId: string,
  region: string,
): Map<string, TargetGroup> {
  let regions = states.get(world);
  if (!regions) {
    regions = new Map();
    states.set(world, regions);
  }
  const key = `${accountId}/${region}`;
  let groups = regions.get(key);
  if (!groups) {
    groups = new Map();
    regions.set(key, groups);
  }
  return groups;
}
