import type { World } from '../../state.js';
import { WORKLOADS } from '../incident-workloads.js';
import { groupsOf } from './state.js';

/** web-asg keeps the three web servers; one can go to Standby without breaking its minimum. */
export function seedAutoScaling(world: World): void {
  const { accountId, region, autoScalingGroup, instances } = WORKLOADS;
  groupsOf(world, accountId, region).set(autoScalingGroup, {
    name: autoScalingGroup,
    arn: `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:5eed0000-0000-4000-8000-0000000000a5:autoScalingGroupName/${autoScalingGroup}`,
    minSize: 1,
    maxSize: 4,
    desiredCapacity: 3,
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    createdTime: new Date('2024-03-04T09:00:00Z'),
    instances: [instances.webServer, instances.neighbourA, instances.neighbourB].map((id, n) => ({
      instanceId: id,
      instanceType: 't3.medium',
      availabilityZone: n === 1 ? 'us-east-1b' : 'us-east-1a',
      lifecycleState: 'InService' as const,
      healthStatus: 'Healthy' as const,
      protectedFromScaleIn: false,
    })),
  });
}
