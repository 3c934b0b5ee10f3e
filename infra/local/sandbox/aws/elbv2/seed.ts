import type { World } from '../../state.js';
import { WORKLOADS } from '../incident-workloads.js';
import { targetGroupsOf } from './state.js';

/** The ALB's two target groups: every web server on 80, and web-1 alone on its admin port. */
export function seedTargetGroups(world: World): void {
  const { accountId, region, vpcId, instances, targetGroups, loadBalancer } = WORKLOADS;
  const groups = targetGroupsOf(world, accountId, region);
  const web = [instances.webServer, instances.neighbourA, instances.neighbourB];
  groups.set(targetGroups.web, {
    arn: targetGroups.web,
    name: 'web-tg',
    protocol: 'HTTP',
    port: 80,
    vpcId,
    targetType: 'instance',
    loadBalancerArns: [loadBalancer],
    targets: web.map((id) => ({ id, port: 80, state: 'healthy' as const })),
  });
  groups.set(targetGroups.admin, {
    arn: targetGroups.admin,
    name: 'web-admin-tg',
    protocol: 'HTTPS',
    port: 8443,
    vpcId,
    targetType: 'instance',
    loadBalancerArns: [loadBalancer],
    targets: [{ id: instances.webServer, port: 8443, state: 'healthy' }],
  });
}
