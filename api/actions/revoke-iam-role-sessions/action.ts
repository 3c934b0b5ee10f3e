import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { accountId, writeFields } from '../fields.js';
import { roleName } from '../iam/fields.js';

const Input = Type.Object({ accountId, roleName, ...writeFields }, { additionalProperties: false });

const Details = Type.Object({
  roleName: Type.String({ description: 'The IAM role.' }),
  roleArn: Type.Optional(Type.String({ description: 'The ARN of the role.' })),
  policyName: Type.String({ description: 'The inline deny policy that revokes sessions.' }),
  sessionsIssuedBefore: Type.Optional(
    Type.String({ description: 'Sessions issued before this time are denied every action.' }),
  ),
  policyDocument: Type.Optional(Type.String({ description: 'The exact policy document put.' })),
  previousRevocation: Type.Optional(
    Type.String({ description: 'The time of an earlier revocation this one replaces.' }),
  ),
  previousDocument: Type.Optional(
    Type.String({ description: 'The policy of the same name before the change, to restore it.' }),
  ),
  notes: Type.Array(Type.String(), { description: 'Things the reader should know.' }),
});

export type RevokeRoleSessionsInput = Static<typeof Input>;
export type RevokeRoleSessionsDetails = Static<typeof Details>;

export const revokeIamRoleSessions = defineWriteAction({
  name: 'revokeIamRoleSessions',
  path: '/iam/roles/revoke-sessions',
  summary: 'Revoke every active session of a compromised IAM role',
  description:
    'Denies every action to all sessions of an IAM role issued before now, for every person and workload using it, by adding the inline policy AWSRevokeOlderSessions that AWS documents for this. New sessions still work, so also close the way the attacker assumed the role. Roles made by IAM Identity Center and service-linked roles cannot be changed; for those the answer says what to do instead. Use dryRun to preview. Running it again moves the revocation time to now.',
  input: Input,
  details: Details,
  controls: ['IR-04', 'IR-02'],
  permissions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy'],
  // It cuts off every workload using the role at once, so only responders may run it.
  reversible: false,
  target: (input) => ({
    accountId: input.accountId,
    resourceType: 'IAM role',
    resourceId: input.roleName,
  }),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planRevokeRoleSessions)),
});
