import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { accountId, writeFields } from '../fields.js';
import { userName } from '../iam/fields.js';
import { undoRevokeCredentials } from './undo.js';

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

export const revokeIamUserCredentials = defineWriteAction({
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
  ],
  reversible: true,
  undo: undoRevokeCredentials,
  target: (input) => ({
    accountId: input.accountId,
    resourceType: 'IAM user',
    resourceId: input.userName,
  }),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planRevokeCredentials)),
});
