import type { GroupView } from '../security-group/describe-group.js';
import { GROUP_TAG, ISOLATION_GROUP, ISOLATION_TAG } from './names.js';
import type { InstanceView } from './read-instance.js';
import { isRegistered } from './target-groups.js';

export interface IsolationState {
  isolated: boolean;
  isolationId?: string;
  /** What is still missing, in words, when an isolation started but is not complete. */
  missing: string[];
}

/**
 * Whether what an analyst can see says the instance is cut off: tagged, on its VPC's isolation
 * group only, out of its load balancers and Auto Scaling group, without an instance profile and
 * safe from termination. The evidence (snapshots) and the role's deny are checked by the
 * isolation's own plan, which knows the isolation id and the role.
 */
export function isolationState(
  view: InstanceView,
  groups: Map<string, GroupView | undefined>,
): IsolationState {
  const isolationId = view.tags[ISOLATION_TAG];
  const isIsolationGroup = (id: string) => groups.get(id)?.tags[GROUP_TAG] === ISOLATION_GROUP.kind;
  const missing = [
    view.interfaces.every(
      (eni) => eni.groups.length === 1 && isIsolationGroup(eni.groups[0]?.groupId ?? ''),
    )
      ? ''
      : 'its network interfaces are not all on the isolation group alone',
    view.profile ? `it still has instance profile ${view.profile.name}` : '',
    view.targets.some(isRegistered) ? 'it is still registered with a load balancer' : '',
    view.autoScaling?.lifecycleState === 'InService'
      ? `it is still in service in Auto Scaling group ${view.autoScaling.groupName}`
      : '',
    view.terminationProtection ? '' : 'termination protection is off',
  ].filter(Boolean);
  return {
    isolated: isolationId !== undefined && missing.length === 0,
    ...(isolationId ? { isolationId } : {}),
    missing,
  };
}
