import { Type } from 'typebox';
import type { WriteAction } from '../action.js';
import { accountId, writeFields } from '../fields.js';
import {
  DeletedItems,
  EVIDENCE_NOTE,
  emptyDetails,
  keyIdsSentence,
  ownedPhrase,
  toDetails,
} from './deleted-items.js';
import { userName } from './fields.js';
import { INVENTORY_PERMISSIONS, inventoryOf } from './inventory.js';
import { getUser } from './principals.js';
import { protectionOf } from './protection.js';
import { type Progress, removalSteps } from './removal-steps.js';

const Input = Type.Object({ accountId, userName, ...writeFields }, { additionalProperties: false });

export const deleteIamUser: WriteAction<typeof Input, typeof DeletedItems> = {
  kind: 'write',
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
  async plan(context, input) {
    const iam = context.aws.iam(input.accountId);
    const details = emptyDetails(input.userName);
    const user = await getUser(iam, input.userName);
    if (!user) {
      return {
        status: 'compliant',
        summary: `There is no IAM user named ${input.userName} in account ${input.accountId}, so there is nothing to delete; it may have been deleted already.`,
        details,
      };
    }
    details.userArn = user.arn;
    const refusal = protectionOf(context.config, user);
    if (refusal) return { status: 'refused', summary: refusal, details };
    const owned = await inventoryOf(iam, user.name, { policyDocuments: true, keyLastUse: true });
    const planned = toDetails(details, owned);
    const progress: Progress = {
      removed: emptyDetails(user.name, user.arn),
      deletedVirtualMfa: new Set(),
    };
    const { removed } = progress;
    const steps = removalSteps(iam, user.name, owned, progress);
    const where = `account ${input.accountId}`;
    return {
      status: 'changes',
      summary: `Would delete IAM user ${user.name} in ${where}${ownedPhrase(planned, ' and everything it owns: ')}. ${EVIDENCE_NOTE}`,
      steps,
      details: planned,
      report(completed) {
        const orphaned = removed.mfaDevices.filter(
          (device) => device.virtual && !progress.deletedVirtualMfa.has(device.serialNumber),
        );
        const notes = [EVIDENCE_NOTE];
        for (const device of orphaned) {
          notes.push(
            `Virtual MFA device ${device.serialNumber} was deactivated but not deleted; it no longer belongs to the user, so a rerun will not find it. Delete it with DeleteVirtualMFADevice.`,
          );
        }
        const after = { ...removed, notes };
        const summary =
          completed === steps.length
            ? `Deleted IAM user ${user.name} from ${where}${ownedPhrase(after, ' together with ')}.${keyIdsSentence(after)}`
            : `IAM user ${user.name} is not fully deleted: ${completed} of ${steps.length} steps were done before one failed, and the user still exists. Run the same request again to finish.`;
        return { summary, details: after };
      },
    };
  },
};
