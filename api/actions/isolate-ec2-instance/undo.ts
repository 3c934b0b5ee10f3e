import { loadOnFirstCall, type UndoDeclaration } from '../define.js';
import { INSTANCE_READ_PERMISSIONS } from '../ec2-instance/read-permissions.js';
import type { IsolateDetails, IsolateInput } from './action.js';

/**
 * Releasing an isolated instance: every interface back on the groups it had, the instance profile
 * back, the deny on its role removed, metadata and termination settings as they were, back in
 * service in its Auto Scaling group and in its target groups on the same ports, isolation tags
 * removed. Only what the isolation left is put back: an interface someone moved elsewhere since
 * is left alone. The snapshots stay as evidence; the groups stay for the next isolation.
 */
export const releaseIsolation: UndoDeclaration<IsolateInput, IsolateDetails> = {
  description:
    'Releases the instance: puts every network interface back on its recorded security groups, re-associates the instance profile, removes the deny on its role, restores metadata and termination settings, takes it out of Standby and re-registers it with its target groups on the same ports, and removes the isolation tags. The evidence snapshots are kept.',
  permissions: [
    ...INSTANCE_READ_PERMISSIONS,
    'iam:GetRolePolicy',
    'iam:DeleteRolePolicy',
    'ec2:AssociateIamInstanceProfile',
    'iam:PassRole',
    'ec2:ModifyInstanceMetadataOptions',
    'ec2:ModifyNetworkInterfaceAttribute',
    'autoscaling:ExitStandby',
    'elasticloadbalancing:RegisterTargets',
    'ec2:ModifyInstanceAttribute',
    'ec2:DeleteTags',
  ],
  conditions: {
    // The profile's role goes back to EC2 and nowhere else.
    'iam:PassRole': { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    // The release removes the isolation's tags and no others.
    'ec2:DeleteTags': { 'ForAllValues:StringLike': { 'aws:TagKeys': ['security:*'] } },
  },
  plan: loadOnFirstCall(() => import('./undo-plan.js').then((m) => m.planRelease)),
};
