import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { accountId, writeFields } from '../fields.js';
import { userName } from '../iam/fields.js';
import { INVENTORY_PERMISSIONS } from '../iam/inventory-permissions.js';
import { DeletedItems } from './deleted-items.js';

const Input = Type.Object({ accountId, userName, ...writeFields }, { additionalProperties: false });

export type DeleteIamUserInput = Static<typeof Input>;

export const deleteIamUser = defineWriteAction({
  name: 'deleteIamUser',
  path: '/iam/users/delete',
  summary: 'Delete an IAM user and everything it owns',
  description:
    'Deletes an IAM user completely, in the order AWS requires: console password, access keys, signing certificates, SSH keys, service-specific credentials, MFA devices (deactivated, then deleted when virtual), inline and managed policies, group memberships, and finally the user. It cannot be undone: call getIamUser first to show what the user owns, contain a compromised user with revokeIamUserCredentials first, and preview with dryRun. A ticket is required. The result keeps the deleted access key ids, policies and groups for the investigation. If a step fails, running the same request again finishes the job.',
  input: Input,
  details: DeletedItems,
  controls: ['IAM-05', 'IR-06', 'IR-01'],
  permissions: [
    'iam:GetUser',
    ...INVENTORY_PERMISSIONS,
    'iam:DeleteLoginProfile',
    'iam:DeleteAccessKey',
    'iam:DeleteSigningCertificate',
    'iam:DeleteSSHPublicKey',
    'iam:DeleteServiceSpecificCredential',
    'iam:DeactivateMFADevice',
    'iam:DeleteVirtualMFADevice',
    'iam:DeleteUserPolicy',
    'iam:DetachUserPolicy',
    'iam:RemoveUserFromGroup',
    'iam:DeleteUser',
  ],
  reversible: false,
  // IAM-05: an irreversible deletion is only made under a ticket.
  requiresTicket: true,
  target: (input) => ({
    accountId: input.accountId,
    resourceType: 'IAM user',
    resourceId: input.userName,
  }),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planDeleteIamUser)),
});
