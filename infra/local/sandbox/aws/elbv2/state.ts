import type { World } from '../../state.js';
import { perWorld } from '../world-state.js';

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

/** The target groups of one account and region, by ARN. */
export const targetGroupsOf = perWorld(
  (_world: World, _accountId: string, _region: string) => new Map<string, TargetGroup>(),
);
