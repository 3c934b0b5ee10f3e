import { Type } from 'typebox';
import type { ReadAction } from '../action.js';
import { accountId } from '../fields.js';
import { REVOKE_POLICY_NAME, revocationTimeOf } from './deny-policies.js';
import { userName } from './fields.js';
import { getUserPolicy, INVENTORY_PERMISSIONS, inventoryOf } from './inventory.js';
import { getUser } from './principals.js';
import { protectionOf } from './protection.js';
import { ago, andList, count, day, describeKey } from './words.js';

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

export const getIamUser: ReadAction<typeof Input, typeof Output> = {
  kind: 'read',
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
  async run(context, input) {
    const iam = context.aws.iam(input.accountId);
    const base = { accountId: input.accountId, userName: input.userName };
    const user = await getUser(iam, input.userName);
    const empty = {
      protected: false,
      consolePassword: false,
      accessKeys: [],
      signingCertificates: [],
      sshPublicKeys: [],
      serviceSpecificCredentials: [],
      mfaDevices: [],
      inlinePolicies: [],
      attachedPolicies: [],
      groups: [],
      items: [],
    };
    if (!user) {
      return {
        ...base,
        ...empty,
        found: false,
        summary: `There is no IAM user named ${input.userName} in account ${input.accountId}.`,
      };
    }
    const now = context.now();
    const owned = await inventoryOf(iam, user.name, { keyLastUse: true });
    const revocationDocument = owned.inlinePolicies.some((p) => p.policyName === REVOKE_POLICY_NAME)
      ? await getUserPolicy(iam, user.name, REVOKE_POLICY_NAME)
      : undefined;
    const revokedBefore = revocationDocument ? revocationTimeOf(revocationDocument) : undefined;
    const protectedReason = protectionOf(context.config, user);
    const keys = owned.accessKeys.map((key) => ({
      accessKeyId: key.accessKeyId,
      status: key.status,
      ...(key.createDate ? { createDate: key.createDate.toISOString() } : {}),
      ...(key.lastUsed ? { lastUsedDate: key.lastUsed.date.toISOString() } : {}),
      ...(key.lastUsed?.serviceName ? { lastUsedService: key.lastUsed.serviceName } : {}),
      ...(key.lastUsed?.region ? { lastUsedRegion: key.lastUsed.region } : {}),
      description: `${describeKey(key, now)}.`,
    }));
    const password = owned.loginProfile
      ? `Console password${user.passwordLastUsed ? `, last used to sign in ${ago(user.passwordLastUsed, now)} (${day(user.passwordLastUsed)})` : ', never used to sign in'}.`
      : '';
    const items = [
      password,
      ...keys.map((key) => key.description),
      ...owned.signingCertificates.map(
        (c) => `Signing certificate ${c.certificateId} (${c.status.toLowerCase()}).`,
      ),
      ...owned.sshPublicKeys.map(
        (k) => `SSH public key ${k.sshPublicKeyId} (${k.status.toLowerCase()}).`,
      ),
      ...owned.serviceSpecificCredentials.map((c) => `Credential ${c.id} for ${c.serviceName}.`),
      ...owned.mfaDevices.map(
        (d) => `${d.virtual ? 'Virtual' : 'Hardware'} MFA device ${d.serialNumber}.`,
      ),
      ...owned.inlinePolicies.map((p) => `Inline policy ${p.policyName}.`),
      ...owned.attachedPolicies.map((p) => `Managed policy ${p.policyName} attached directly.`),
      ...owned.groups.map((g) => `Member of group ${g}.`),
    ].filter(Boolean);
    const active = owned.accessKeys.filter((key) => key.status === 'Active').length;
    const holdings = [
      owned.loginProfile ? 'a console password' : '',
      owned.accessKeys.length
        ? `${count(owned.accessKeys.length, 'access key')} (${active} active)`
        : '',
      owned.mfaDevices.length ? count(owned.mfaDevices.length, 'MFA device') : '',
      owned.inlinePolicies.length + owned.attachedPolicies.length
        ? count(owned.inlinePolicies.length + owned.attachedPolicies.length, 'policy', 'policies')
        : '',
      owned.groups.length ? count(owned.groups.length, 'group') : '',
      owned.signingCertificates.length +
      owned.sshPublicKeys.length +
      owned.serviceSpecificCredentials.length
        ? count(
            owned.signingCertificates.length +
              owned.sshPublicKeys.length +
              owned.serviceSpecificCredentials.length,
            'other credential',
          )
        : '',
    ].filter(Boolean);
    const created = user.createDate ? ` was created ${day(user.createDate)} and` : '';
    const admin = owned.attachedPolicies.some((p) => p.policyName === 'AdministratorAccess')
      ? ' It has AdministratorAccess attached directly, which the Identity and Access Standard forbids (IAM-02).'
      : '';
    const lastKeyUse = owned.accessKeys
      .map((key) => key.lastUsed?.date)
      .filter((date): date is Date => date !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())
      .at(-1);
    const used = lastKeyUse ? ` Its keys were last used ${ago(lastKeyUse, now)}.` : '';
    const contained = revokedBefore
      ? ` Sessions it obtained before ${revokedBefore} are revoked.`
      : '';
    const protection = protectedReason ? ` ${protectedReason}` : '';
    return {
      ...base,
      userName: user.name,
      found: true,
      summary: `IAM user ${user.name}${created} holds ${holdings.length ? andList(holdings) : 'nothing besides its name'}.${used}${admin}${contained}${protection}`,
      arn: user.arn,
      ...(user.createDate ? { createDate: user.createDate.toISOString() } : {}),
      protected: protectedReason !== undefined,
      ...(protectedReason ? { protectedReason } : {}),
      consolePassword: owned.loginProfile !== undefined,
      ...(user.passwordLastUsed ? { passwordLastUsed: user.passwordLastUsed.toISOString() } : {}),
      accessKeys: keys,
      signingCertificates: owned.signingCertificates.map((c) => c.certificateId),
      sshPublicKeys: owned.sshPublicKeys.map((k) => k.sshPublicKeyId),
      serviceSpecificCredentials: owned.serviceSpecificCredentials.map(
        (c) => `${c.serviceName}: ${c.id}`,
      ),
      mfaDevices: owned.mfaDevices.map((d) => d.serialNumber),
      inlinePolicies: owned.inlinePolicies.map((p) => p.policyName),
      attachedPolicies: owned.attachedPolicies.map((p) => p.policyArn),
      groups: owned.groups,
      ...(revokedBefore ? { sessionsRevokedBefore: revokedBefore } : {}),
      items,
    };
  },
};
