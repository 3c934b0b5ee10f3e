import type { World } from '../../state.js';

/**
 * Auto Scaling groups of one account and region. Kept beside the world (keyed by it, so a reset
 * reseeds them), as Q Business is.
 */
export interface AutoScalingGroup {
  name: string;
  arn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  createdTime: Date;
  instances: GroupInstance[];
}

export type LifecycleState = 'Pending' | 'InService' | 'Standby' | 'Terminating';

export interface GroupInstance {
  instanceId: string;
  instanceType: string;
  availabilityZone: string;
  lifecycleState: LifecycleState;
  healthStatus: 'Healthy' | 'Unhealthy';
  protectedFromScaleIn: boolean;
}

const states = new WeakMap<World, Map<string, Map<string, AutoScalingGroup>>>();

/** The groups of one account and region, by name. */
export function groupsOf(
  world: World,
  accountId: string,
  region: string,
): Map<string, AutoScalingGroup> {
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
