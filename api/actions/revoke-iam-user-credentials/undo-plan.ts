import {
  DeleteUserPolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { ActionContext, Plan, PlannedStep, UndoDetails, UndoSource } from '../define.js';
import { getLoginProfile, getUserPolicy, listAccessKeys } from '../iam/credentials.js';
import { REVOKE_POLICY_NAME, revocationTimeOf } from '../iam/deny-policies.js';
import { protectionOf } from '../iam/protection.js';
import { removeItem, withIamRetry } from '../iam/retry.js';
import { getUser } from '../iam/user.js';
import { andList } from '../iam/words.js';
import type { RevokeCredentialsDetails, RevokeCredentialsInput } from './action.js';

type PolicyChange = 'delete' | 'restore' | 'none';

/** The plan of the undo of revokeIamUserCredentials, loaded on its first call; undo-revoke-credentials.ts declares it. */
export async function planUndoRevokeCredentials(
  context: ActionContext,
  source: UndoSource<RevokeCredentialsInput, RevokeCredentialsDetails>,
): Promise<Plan<UndoDetails>> {
  const { accountId, userName } = source.input;
  const iam = context.aws.iam(accountId);
  const details: UndoDetails = { restored: [], removed: [], cannotRestore: [], notes: [] };
  const undone = `remediation ${source.remediationId}`;
  const user = await getUser(iam, userName);
  if (!user) {
    return {
      status: 'failed',
      summary: `IAM user ${userName} no longer exists in account ${accountId}, so ${undone} cannot be undone.`,
      details,
    };
  }
  const protection = protectionOf(context.config, user);
  if (protection) {
    return {
      status: 'refused',
      summary: `This API will not change IAM user ${user.name}, not even to undo ${undone}: ${protection}`,
      details,
    };
  }
  const UserName = user.name;
  const label = `IAM user ${UserName}`;
  const recorded = source.details;
  const [keys, loginProfile, denyDocument] = await Promise.all([
    listAccessKeys(iam, UserName),
    getLoginProfile(iam, UserName),
    getUserPolicy(iam, UserName, REVOKE_POLICY_NAME),
  ]);

  const toReactivate: string[] = [];
  for (const key of recorded?.accessKeys ?? []) {
    if (key.previousStatus !== 'Active' || key.status !== 'Inactive') continue;
    const current = keys.find((k) => k.accessKeyId === key.accessKeyId);
    if (!current) {
      details.notes.push(
        `Access key ${key.accessKeyId} no longer exists (it was deleted after ${undone}), so it cannot be reactivated.`,
      );
    } else if (current.status === 'Active') {
      details.notes.push(`Access key ${key.accessKeyId} is already active again.`);
    } else {
      toReactivate.push(key.accessKeyId);
    }
  }
  const policy = denyPolicyChange(recorded, denyDocument, undone);
  if (policy.note) details.notes.push(policy.note);

  let password = '';
  if (recorded?.consolePasswordRemoved) {
    details.cannotRestore.push(
      `The console password of ${UserName}: AWS never reveals a password, so the one ${undone} removed cannot be put back. An administrator must set a new one (CreateLoginProfile) and give it to the user.`,
    );
    password = loginProfile
      ? ` ${UserName} already has a new console password, set after the containment; the old one cannot come back.`
      : ` Its console password cannot come back (AWS never reveals passwords): the user has none until an administrator sets a new one.`;
  }

  if (toReactivate.length === 0 && policy.change === 'none') {
    return {
      status: 'compliant',
      summary: `Nothing of ${undone} is left to undo on ${label}: no access key it deactivated is still inactive, and its deny policy is gone or was changed since.${password}`,
      details,
    };
  }

  const time = recorded?.sessionsIssuedBefore ?? '';
  const keyWords = (ids: string[]) => `access ${ids.length === 1 ? 'key' : 'keys'} ${andList(ids)}`;
  const restoredPolicy = `inline policy ${REVOKE_POLICY_NAME} as it was before ${undone}`;
  const removedPolicy = `inline policy ${REVOKE_POLICY_NAME}, which denied sessions issued before ${time}`;
  const restored: string[] = [];
  const removed: string[] = [];
  const steps: PlannedStep[] = toReactivate.map((id) => ({
    action: 'iam:UpdateAccessKey',
    description: `Reactivate access key ${id}, which ${undone} deactivated.`,
    execute: async () => {
      await withIamRetry('iam:UpdateAccessKey', () =>
        iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: id, Status: 'Active' })),
      );
      restored.push(`access key ${id} (active)`);
    },
  }));
  if (policy.change === 'delete') {
    steps.push({
      action: 'iam:DeleteUserPolicy',
      description: `Delete the ${removedPolicy}, which ${undone} added.`,
      execute: async () => {
        await removeItem('iam:DeleteUserPolicy', () =>
          iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: REVOKE_POLICY_NAME })),
        );
        removed.push(removedPolicy);
      },
    });
  }
  if (policy.change === 'restore') {
    steps.push({
      action: 'iam:PutUserPolicy',
      description: `Put back the earlier ${restoredPolicy} replaced.`,
      execute: async () => {
        await withIamRetry('iam:PutUserPolicy', () =>
          iam.send(
            new PutUserPolicyCommand({
              UserName,
              PolicyName: REVOKE_POLICY_NAME,
              PolicyDocument: recorded?.previousDenyPolicyDocument,
            }),
          ),
        );
        restored.push(restoredPolicy);
      },
    });
  }
  details.restored = [
    ...toReactivate.map((id) => `access key ${id} (active)`),
    ...(policy.change === 'restore' ? [restoredPolicy] : []),
  ];
  details.removed = policy.change === 'delete' ? [removedPolicy] : [];
  details.notes.push(
    `The keys work again as soon as they are active; if ${UserName} turns out to be compromised after all, ask to contain ${UserName} again.`,
  );
  const sessions = `sessions it obtained before ${time}`;
  const policyWords = {
    delete: `delete the deny policy ${REVOKE_POLICY_NAME}, so ${sessions} work again`,
    restore: `put back the earlier policy ${REVOKE_POLICY_NAME} that the containment replaced, so ${sessions} are no longer denied by it`,
    none: '',
  };
  return {
    status: 'changes',
    summary: `Would undo ${undone} on ${label}: ${andList(
      [
        toReactivate.length ? `reactivate ${keyWords(toReactivate)}` : '',
        policyWords[policy.change],
      ].filter(Boolean),
    )}.${password}`,
    steps,
    details,
    report(completed) {
      const after = { ...details, restored, removed };
      const summary =
        completed === steps.length
          ? `Undid ${undone} on ${label}: ${andList(
              [
                toReactivate.length ? `reactivated ${keyWords(toReactivate)}` : '',
                policy.change === 'delete'
                  ? `deleted the deny policy ${REVOKE_POLICY_NAME}`
                  : policy.change === 'restore'
                    ? `put back the earlier policy ${REVOKE_POLICY_NAME}`
                    : '',
              ].filter(Boolean),
            )}.${password}`
          : `The undo of ${undone} is not finished on ${label}: ${completed} of ${steps.length} steps were done before one failed. Run the same undo again to finish.${password}`;
      return { summary, details: after };
    },
  };
}

/**
 * What to do with the deny policy. Only the document this remediation wrote (same revocation
 * time) is removed: a different one means someone, perhaps a later containment, replaced it since.
 */
function denyPolicyChange(
  recorded: RevokeCredentialsDetails | undefined,
  current: string | undefined,
  undone: string,
): { change: PolicyChange; note?: string } {
  const stamped = recorded?.sessionsIssuedBefore;
  // Without a recorded time the policy step never ran, so the policy is not this run's to touch.
  if (!stamped) return { change: 'none' };
  const previous = recorded?.previousDenyPolicyDocument;
  if (current === undefined) {
    return previous
      ? { change: 'restore' }
      : {
          change: 'none',
          note: `The deny policy ${REVOKE_POLICY_NAME} that ${undone} added is already deleted.`,
        };
  }
  if (previous !== undefined && current === previous) return { change: 'none' };
  const now = revocationTimeOf(current);
  if (now !== stamped) {
    return {
      change: 'none',
      note: now
        ? `The deny policy ${REVOKE_POLICY_NAME} now denies sessions issued before ${now}, not ${stamped}: a later containment replaced it, so this undo leaves it in place (undo that containment to lift it).`
        : `The inline policy ${REVOKE_POLICY_NAME} was replaced by a different document after ${undone}, so this undo leaves it in place.`,
    };
  }
  return { change: previous ? 'restore' : 'delete' };
}
