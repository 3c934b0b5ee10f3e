import type { World } from '../../state.js';
import { perWorld } from '../world-state.js';

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

/** The groups of one account and region, by name. */
export const groupsOf = perWorld(
  (_world: World, _accountId: string, _region: string) => new Map<string, AutoScalingGroup>(),
);
