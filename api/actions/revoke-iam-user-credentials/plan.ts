import {
  DeleteLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { ActionContext, Plan, PlannedStep } from '../define.js';
import { getLoginProfile, getUserPolicy, listAccessKeys } from '../iam/credentials.js';
import {
  REVOKE_POLICY_NAME,
  revocationTimeOf,
  revokeOlderSessionsDocument,
} from '../iam/deny-policies.js';
import { protectionOf } from '../iam/protection.js';
import { removeItem, withIamRetry } from '../iam/retry.js';
import { getUser } from '../iam/user.js';
import { andList, count } from '../iam/words.js';
import type { RevokeCredentialsDetails, RevokeCredentialsInput } from './action.js';

type Details = RevokeCredentialsDetails;

const NOTES = [
  'Access keys are deactivated, not deleted, so their ids stay searchable in CloudTrail and they can be reactivated if this was a false alarm.',
  'Policy changes can take a few minutes to apply everywhere. Watch CloudTrail for the next 30 minutes for other keys, users or roles the attacker may have created.',
];

/** The plan of revokeIamUserCredentials, loaded on its first call; revoke-iam-user-credentials.ts declares it. */
export async function planRevokeCredentials(
  context: ActionContext,
  input: RevokeCredentialsInput,
): Promise<Plan<RevokeCredentialsDetails>> {
  const iam = context.aws.iam(input.accountId);
  const details: Details = {
    userName: input.userName,
    accessKeys: [],
    consolePasswordExisted: false,
    consolePasswordRemoved: false,
    denyPolicyName: REVOKE_POLICY_NAME,
    undo: [],
    notes: NOTES,
  };
  const user = await getUser(iam, input.userName);
  if (!user) {
    return {
      status: 'failed',
      summary: `There is no IAM user named ${input.userName} in account ${input.accountId}; check the user name, which IAM matches exactly.`,
      details,
    };
  }
  details.userArn = user.arn;
  const refusal = protectionOf(context.config, user);
  if (refusal) return { status: 'refused', summary: refusal, details };
  const UserName = user.name;
  const [keys, loginProfile, denyDocument] = await Promise.all([
    listAccessKeys(iam, UserName),
    getLoginProfile(iam, UserName),
    getUserPolicy(iam, UserName, REVOKE_POLICY_NAME),
  ]);
  const existingRevocation = denyDocument ? revocationTimeOf(denyDocument) : undefined;
  const active = keys.filter((key) => key.status === 'Active');
  details.consolePasswordExisted = loginProfile !== undefined;
  details.accessKeys = keys.map((key) => ({
    accessKeyId: key.accessKeyId,
    previousStatus: key.status,
    status: 'Inactive',
  }));
  const label = `IAM user ${UserName}`;
  if (active.length === 0 && !loginProfile && existingRevocation) {
    // Nothing can mint new sessions any more, so the existing revocation still covers them all.
    details.sessionsIssuedBefore = existingRevocation;
    return {
      status: 'compliant',
      summary: `${label} is already contained: it has no active access key and no console password, and sessions it obtained before ${existingRevocation} are denied by the policy ${REVOKE_POLICY_NAME}.`,
      details,
    };
  }
  const done: Details = { ...details, accessKeys: [], undo: [] };
  const steps: PlannedStep[] = [];
  for (const key of active) {
    steps.push({
      action: 'iam:UpdateAccessKey',
      description: `Deactivate access key ${key.accessKeyId} (kept, so it can be reactivated).`,
      execute: async () => {
        await removeItem('iam:UpdateAccessKey', () =>
          iam.send(
            new UpdateAccessKeyCommand({
              UserName,
              AccessKeyId: key.accessKeyId,
              Status: 'Inactive',
            }),
          ),
        );
        done.accessKeys.push({
          accessKeyId: key.accessKeyId,
          previousStatus: 'Active',
          status: 'Inactive',
        });
        done.undo.push(
          `Reactivate access key ${key.accessKeyId} with UpdateAccessKey (Status Active).`,
        );
      },
    });
  }
  if (loginProfile) {
    steps.push({
      action: 'iam:DeleteLoginProfile',
      description: `Remove the console password of ${UserName} (a password cannot be deactivated).`,
      execute: async () => {
        await removeItem('iam:DeleteLoginProfile', () =>
          iam.send(new DeleteLoginProfileCommand({ UserName })),
        );
        done.consolePasswordRemoved = true;
        done.undo.push(
          'Give the user a new console password with CreateLoginProfile; the old password cannot be restored.',
        );
      },
    });
  }
  // Put last, with the time it runs, so sessions minted while the keys were still active are
  // covered too. Any other change re-stamps an existing revocation for the same reason.
  steps.push({
    action: 'iam:PutUserPolicy',
    description: `Add inline policy ${REVOKE_POLICY_NAME}, denying every action to temporary credentials the user obtained before this step runs.`,
    execute: async () => {
      const issuedBefore = context.now();
      await withIamRetry('iam:PutUserPolicy', () =>
        iam.send(
          new PutUserPolicyCommand({
            UserName,
            PolicyName: REVOKE_POLICY_NAME,
            PolicyDocument: revokeOlderSessionsDocument(issuedBefore),
          }),
        ),
      );
      done.sessionsIssuedBefore = issuedBefore.toISOString();
      // Kept even when it was an earlier revocation: undoing this run must not lift that one.
      if (denyDocument) done.previousDenyPolicyDocument = denyDocument;
      done.undo.push(
        `Delete inline policy ${REVOKE_POLICY_NAME} with DeleteUserPolicy to let older sessions work again.`,
      );
    },
  });
  const untouched = keys
    .filter((key) => key.status !== 'Active')
    .map((key) => ({
      accessKeyId: key.accessKeyId,
      previousStatus: key.status,
      status: key.status,
    }));
  const changes = [
    active.length ? `deactivate ${count(active.length, 'active access key')}` : '',
    loginProfile ? 'remove its console password' : '',
    'deny every temporary credential it obtained before the moment of containment',
  ].filter(Boolean);
  return {
    status: 'changes',
    summary: `Would contain ${label} in account ${input.accountId}: ${andList(changes)}. ${loginProfile ? 'Everything but the console password can be undone.' : 'Every step can be undone.'}`,
    steps,
    details,
    report(completed) {
      const after: Details = { ...done, accessKeys: [...done.accessKeys, ...untouched] };
      const summary =
        completed === steps.length
          ? `Contained ${label}: ${andList(
              [
                done.accessKeys.length
                  ? `deactivated access ${done.accessKeys.length === 1 ? 'key' : 'keys'} ${andList(done.accessKeys.map((k) => k.accessKeyId))}`
                  : '',
                done.consolePasswordRemoved ? 'removed its console password' : '',
                `denied every session it obtained before ${done.sessionsIssuedBefore}`,
              ].filter(Boolean),
            )}. The result says how to undo each step.`
          : `${label} is only partly contained: ${completed} of ${steps.length} steps were done before one failed. Run the same request again to finish.`;
      return { summary, details: after };
    },
  };
}
