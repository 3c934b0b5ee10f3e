import type { World } from '../state.js';
import { seedAutoScaling } from './autoscaling/seed.js';
import { seedCompute } from './ec2/compute/seed.js';
import { seedTargetGroups } from './elbv2/seed.js';
import { seedInstanceProfiles } from './iam/instance-profile-seed.js';

/** Every service's share of the incident's workloads (see WORKLOADS). */
export function seedWorkloads(world: World): void {
  seedInstanceProfiles(world);
  seedCompute(world);
  seedAutoScaling(world);
  seedTargetGroups(world);
}
