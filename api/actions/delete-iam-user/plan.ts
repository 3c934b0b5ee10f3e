import type { ActionContext, Plan } from '../define.js';
import { inventoryOf } from '../iam/inventory.js';
import { protectionOf } from '../iam/protection.js';
import { getUser } from '../iam/user.js';
import type { DeleteIamUserInput } from './action.js';
import type { DeletedItems as DeletedItemsDetails } from './deleted-items.js';
import {
  EVIDENCE_NOTE,
  emptyDetails,
  keyIdsSentence,
  ownedPhrase,
  toDetails,
} from './deleted-items.js';
import { type Progress, removalSteps } from './removal-steps.js';

/** The plan of deleteIamUser, loaded on its first call; delete-iam-user.ts declares it. */
export async function planDeleteIamUser(
  context: ActionContext,
  input: DeleteIamUserInput,
): Promise<Plan<DeletedItemsDetails>> {
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
}
