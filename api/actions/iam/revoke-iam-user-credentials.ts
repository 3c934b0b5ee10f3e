import {
  DeleteLoginProfileCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { type Static, Type } from 'typebox';
import type { PlannedStep, WriteAction } from '../action.js';
import { accountId, writeFields } from '../fields.js';
import {
  REVOKE_POLICY_NAME,
  revocationTimeOf,
  revokeOlderSessionsDocument,
} from './deny-policies.js';
import { userName } from './fields.js';
import { getLoginProfile, getUserPolicy, listAccessKeys } from './inventory.js';
import { getUser } from './principals.js';
import { protectionOf } from './protection.js';
import { removeItem, withIamRetry } from './retry.js';
import { undoRevokeCredentials } from './undo-revoke-credentials.js';
import { andList, count } from './words.js';

const Input = Type.Object({ accountId, userName, ...writeFields }, { additionalProperties: false });

const KeyChange = Type.Object({
  accessKeyId: Type.String({ description: 'The access key id.' }),
  previousStatus: Type.String({
    description: 'Active or Inactive before the change: restore this.',
  }),
  status: Type.String({ description: 'The status after the change (or planned).' }),
});

const Details = Type.Object({
  userName: Type.String({ description: 'The IAM user.' }),
  userArn: Type.Optional(Type.String({ description: 'The ARN of the user.' })),
  accessKeys: Type.Array(KeyChange, {
    description: 'Every access key of the user with its status before and after.',
  }),
  consolePasswordExisted: Type.Boolean({
    description: 'True when the user had a console password before the change.',
  }),
  consolePasswordRemoved: Type.Boolean({ description: 'True once the password is removed.' }),
  denyPolicyName: Type.String({ description: 'The inline deny policy that revokes sessions.' }),
  sessionsIssuedBefore: Type.Optional(
    Type.String({ description: 'Temporary credentials issued before this time are denied.' }),
  ),
  previousDenyPolicyDocument: Type.Optional(
    Type.String({
      description: 'The policy of the same name this run replaced; an undo puts it back.',
    }),
  ),
  undo: Type.Array(Type.String(), { description: 'How to reverse each change made.' }),
  notes: Type.Array(Type.String(), { description: 'Things the reader should know.' }),
});
type Details = Static<typeof Details>;
export type RevokeCredentialsInput = Static<typeof Input>;
export type RevokeCredentialsDetails = Details;

const NOTES = [
  'Access keys are deactivated, not deleted, so their ids stay searchable in CloudTrail and they can be reactivated if this was a false alarm.',
  'Policy changes can take a few minutes to apply everywhere. Watch CloudTrail for the next 30 minutes for other keys, users or roles the attacker may have created.',
];

export const revokeIamUserCredentials: WriteAction<typeof Input, typeof Details> = {
  kind: 'write',
  name: 'revokeIamUserCredentials',
  path: '/iam/users/revoke-credentials',
  summary: 'Contain a compromised IAM user: deactivate its keys and revoke its sessions',
  description:
    "Contains a compromised IAM user without deleting anything: deactivates every active access key (they stay in IAM for the investigation and can be reactivated), removes the console password, and adds an inline deny policy (AWSRevokeOlderSessions) that blocks every temporary credential the user obtained before now. The result records each key's previous status so the change can be undone. Call getIamUser first to see the user's keys and when they were last used, and use dryRun to preview. Running it again reports already compliant.",
  input: Input,
  details: Details,
  controls: ['IR-02', 'IR-05'],
  permissions: [
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:GetLoginProfile',
    'iam:GetUserPolicy',
    'iam:UpdateAccessKey',
    'iam:DeleteLoginProfile',
    'iam:PutUserPolicy',
    // Called only by the undo (undo-revoke-credentials.ts).
    'iam:DeleteUserPolicy',
  ],
  reversible: true,
  undo: undoRevokeCredentials,
  target: (input) => ({
    accountId: input.accountId,
    resourceType: 'IAM user',
    resourceId: input.userName,
  }),
  async plan(context, input) {
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
        summary: `There is no IAM user named ${input.userName} in account ${input.accountId}; check the name with getIamUser.`,
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
  },
};
