import { type Static, Type } from 'typebox';
import { defineReadAction, loadOnFirstCall } from '../define.js';
import { accountId } from '../fields.js';
import { userName } from '../iam/fields.js';
import { INVENTORY_PERMISSIONS } from '../iam/inventory-permissions.js';

const Input = Type.Object({ accountId, userName }, { additionalProperties: false });

const AccessKey = Type.Object({
  accessKeyId: Type.String({ description: 'The access key id.' }),
  status: Type.String({ description: 'Active or Inactive.' }),
  createDate: Type.Optional(Type.String({ description: 'When it was created (ISO 8601).' })),
  lastUsedDate: Type.Optional(Type.String({ description: 'When it was last used.' })),
  lastUsedService: Type.Optional(Type.String({ description: 'The service it was last used for.' })),
  lastUsedRegion: Type.Optional(Type.String({ description: 'The Region it was last used in.' })),
  description: Type.String({ description: 'The key and its last use, in plain words.' }),
});

const Output = Type.Object({
  summary: Type.String({ description: 'Who the user is and what it holds, in plain words.' }),
  found: Type.Boolean({ description: 'False when the user does not exist.' }),
  accountId: Type.String({ description: 'The AWS account.' }),
  userName: Type.String({ description: 'The IAM user name.' }),
  arn: Type.Optional(Type.String({ description: 'The ARN of the user.' })),
  createDate: Type.Optional(Type.String({ description: 'When the user was created.' })),
  protected: Type.Boolean({ description: 'True when this API will not change the user.' }),
  protectedReason: Type.Optional(Type.String({ description: 'Why the user is protected.' })),
  consolePassword: Type.Boolean({ description: 'True when the user can sign in to the console.' }),
  passwordLastUsed: Type.Optional(Type.String({ description: 'Last console sign-in.' })),
  accessKeys: Type.Array(AccessKey, { description: 'Access keys and when each was last used.' }),
  signingCertificates: Type.Array(Type.String(), { description: 'Signing certificate ids.' }),
  sshPublicKeys: Type.Array(Type.String(), { description: 'SSH public key ids.' }),
  serviceSpecificCredentials: Type.Array(Type.String(), {
    description: 'Service-specific credentials, as "service: id".',
  }),
  mfaDevices: Type.Array(Type.String(), { description: 'MFA device serial numbers.' }),
  inlinePolicies: Type.Array(Type.String(), { description: 'Names of inline policies.' }),
  attachedPolicies: Type.Array(Type.String(), {
    description: 'ARNs of attached managed policies.',
  }),
  groups: Type.Array(Type.String(), { description: 'Groups the user belongs to.' }),
  sessionsRevokedBefore: Type.Optional(
    Type.String({ description: 'Sessions issued before this time are denied (containment).' }),
  ),
  items: Type.Array(Type.String(), {
    description: 'Each thing the user owns, one sentence each, for the chat to show.',
  }),
});

export type GetIamUserInput = Static<typeof Input>;
export type GetIamUserOutput = Static<typeof Output>;

export const getIamUser = defineReadAction({
  name: 'getIamUser',
  path: '/iam/users',
  summary: 'Show what an IAM user owns and when its keys were last used',
  description:
    'Shows everything an IAM user holds: console password, access keys and when and where each was last used, signing certificates, SSH keys, service-specific credentials, MFA devices, policies and groups, and whether the user is protected. Use it to investigate a suspicious user and before revokeIamUserCredentials or deleteIamUser, so the person can see what will be changed.',
  input: Input,
  output: Output,
  controls: ['IAM-01', 'IAM-02', 'IAM-03', 'IAM-05'],
  permissions: ['iam:GetUser', ...INVENTORY_PERMISSIONS],
  target: (input) => ({
    accountId: input.accountId,
    resourceType: 'IAM user',
    resourceId: input.userName,
  }),
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.runGetIamUser)),
});
