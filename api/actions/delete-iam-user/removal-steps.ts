import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  type IAMClient,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import type { PlannedStep } from '../define.js';
import { REVOKE_POLICY_NAME } from '../iam/deny-policies.js';
import type { UserInventory } from '../iam/inventory.js';
import { removeItem } from '../iam/retry.js';
import { keyLabel } from '../iam/words.js';
import { type DeletedItems, keyRecord } from './deleted-items.js';

/** What the steps have done so far; becomes the result. */
export interface Progress {
  removed: DeletedItems;
  /** Virtual MFA devices deleted, so a deactivated-only one can be named in the result. */
  deletedVirtualMfa: Set<string>;
}

/**
 * One step per item, in AWS's documented order, ending with DeleteUser. Each step records what it
 * removed in `progress`, which becomes the result; no step is planned for an item the user lacks.
 */
export function removalSteps(
  iam: IAMClient,
  userName: string,
  owned: UserInventory,
  progress: Progress,
): PlannedStep[] {
  const { removed } = progress;
  const steps: PlannedStep[] = [];
  const step = (
    action: string,
    description: string,
    call: () => Promise<unknown>,
    record: () => void,
  ) =>
    steps.push({
      action,
      description,
      // Items of one kind are independent of each other; the kinds go in AWS's order.
      batch: action,
      execute: async () => {
        await removeItem(action, call);
        record();
      },
    });
  const UserName = userName;
  if (owned.loginProfile) {
    step(
      'iam:DeleteLoginProfile',
      `Remove the console password of ${userName}.`,
      () => iam.send(new DeleteLoginProfileCommand({ UserName })),
      () => {
        removed.consolePassword = true;
      },
    );
  }
  for (const key of owned.accessKeys) {
    step(
      'iam:DeleteAccessKey',
      `Delete ${keyLabel(key)}.`,
      () => iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.accessKeyId })),
      () => removed.accessKeys.push(keyRecord(key)),
    );
  }
  for (const cert of owned.signingCertificates) {
    step(
      'iam:DeleteSigningCertificate',
      `Delete signing certificate ${cert.certificateId} (${cert.status.toLowerCase()}).`,
      () =>
        iam.send(
          new DeleteSigningCertificateCommand({ UserName, CertificateId: cert.certificateId }),
        ),
      () => removed.signingCertificates.push(cert.certificateId),
    );
  }
  for (const key of owned.sshPublicKeys) {
    step(
      'iam:DeleteSSHPublicKey',
      `Delete SSH public key ${key.sshPublicKeyId} (${key.status.toLowerCase()}).`,
      () =>
        iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: key.sshPublicKeyId })),
      () => removed.sshPublicKeys.push(key.sshPublicKeyId),
    );
  }
  for (const credential of owned.serviceSpecificCredentials) {
    step(
      'iam:DeleteServiceSpecificCredential',
      `Delete the ${credential.serviceName} credential ${credential.id}.`,
      () =>
        iam.send(
          new DeleteServiceSpecificCredentialCommand({
            UserName,
            ServiceSpecificCredentialId: credential.id,
          }),
        ),
      () =>
        removed.serviceSpecificCredentials.push({
          id: credential.id,
          serviceName: credential.serviceName,
        }),
    );
  }
  // Every device is deactivated before any is deleted: a virtual device must be deactivated
  // first, and keeping the two kinds apart lets each run as one batch.
  for (const device of owned.mfaDevices) {
    const SerialNumber = device.serialNumber;
    step(
      'iam:DeactivateMFADevice',
      `Deactivate ${device.virtual ? 'virtual' : 'hardware'} MFA device ${SerialNumber}.`,
      () => iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber })),
      () => removed.mfaDevices.push({ serialNumber: SerialNumber, virtual: device.virtual }),
    );
  }
  // A virtual device outlives its user unless deleted; Cloud Custodian's best-known gap.
  for (const device of owned.mfaDevices.filter((candidate) => candidate.virtual)) {
    const SerialNumber = device.serialNumber;
    step(
      'iam:DeleteVirtualMFADevice',
      `Delete virtual MFA device ${SerialNumber}.`,
      () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber })),
      () => progress.deletedVirtualMfa.add(SerialNumber),
    );
  }
  const deleteInlinePolicy = (policy: (typeof owned.inlinePolicies)[number]) =>
    step(
      'iam:DeleteUserPolicy',
      `Delete inline policy ${policy.policyName} (its document is kept in the result).`,
      () => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: policy.policyName })),
      () =>
        removed.inlinePolicies.push({
          policyName: policy.policyName,
          document: policy.document ?? '',
        }),
    );
  // A containment deny policy goes last (below): removing it first would hand sessions issued
  // before the containment the user's other permissions back if a later step failed.
  const denyPolicy = owned.inlinePolicies.find(
    (policy) => policy.policyName === REVOKE_POLICY_NAME,
  );
  for (const policy of owned.inlinePolicies) if (policy !== denyPolicy) deleteInlinePolicy(policy);
  for (const policy of owned.attachedPolicies) {
    step(
      'iam:DetachUserPolicy',
      `Detach managed policy ${policy.policyName} (${policy.policyArn}).`,
      () => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: policy.policyArn })),
      () => removed.attachedPolicies.push({ ...policy }),
    );
  }
  for (const group of owned.groups) {
    step(
      'iam:RemoveUserFromGroup',
      `Remove ${userName} from group ${group}.`,
      () => iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: group })),
      () => removed.groups.push(group),
    );
  }
  if (denyPolicy) deleteInlinePolicy(denyPolicy);
  step(
    'iam:DeleteUser',
    `Delete the IAM user ${userName}.`,
    () => iam.send(new DeleteUserCommand({ UserName })),
    () => {
      removed.userDeleted = true;
    },
  );
  return steps;
}
