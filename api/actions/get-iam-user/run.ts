import type { ActionContext } from '../define.js';
import { getUserPolicy } from '../iam/credentials.js';
import { REVOKE_POLICY_NAME, revocationTimeOf } from '../iam/deny-policies.js';
import { inventoryOf } from '../iam/inventory.js';
import { protectionOf } from '../iam/protection.js';
import { getUser } from '../iam/user.js';
import { ago, andList, count, day, describeKey } from '../iam/words.js';
import type { GetIamUserInput, GetIamUserOutput } from './action.js';

/** The run of getIamUser, loaded on its first call; get-iam-user.ts declares it. */
export async function runGetIamUser(
  context: ActionContext,
  input: GetIamUserInput,
): Promise<GetIamUserOutput> {
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
}
