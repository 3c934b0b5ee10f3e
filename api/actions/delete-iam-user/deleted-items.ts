import { type Static, Type } from 'typebox';
import type { UserInventory } from '../iam/inventory.js';
import { andList, count, day } from '../iam/words.js';

export const KeyRecord = Type.Object({
  accessKeyId: Type.String({ description: 'The access key id, as CloudTrail records it.' }),
  status: Type.String({ description: 'Active or Inactive, before deletion.' }),
  createDate: Type.Optional(Type.String({ description: 'When the key was created (ISO 8601).' })),
  lastUsedDate: Type.Optional(Type.String({ description: 'When the key was last used.' })),
  lastUsedService: Type.Optional(Type.String({ description: 'The service it was last used for.' })),
  lastUsedRegion: Type.Optional(Type.String({ description: 'The Region it was last used in.' })),
});
export type KeyRecord = Static<typeof KeyRecord>;

/** What deleteIamUser removes (plan) or removed (result): the evidence investigators keep. */
export const DeletedItems = Type.Object({
  userName: Type.String({ description: 'The IAM user.' }),
  userArn: Type.Optional(Type.String({ description: 'The ARN of the user.' })),
  consolePassword: Type.Boolean({
    description: 'True when the user had a console password that is (to be) removed.',
  }),
  accessKeys: Type.Array(KeyRecord, {
    description: 'Access keys deleted (or to be deleted); search CloudTrail for these ids.',
  }),
  signingCertificates: Type.Array(Type.String(), { description: 'Signing certificate ids.' }),
  sshPublicKeys: Type.Array(Type.String(), { description: 'SSH public key ids.' }),
  serviceSpecificCredentials: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The credential id.' }),
      serviceName: Type.String({ description: 'The service it signs in to.' }),
    }),
    { description: 'Service-specific credentials (CodeCommit, Keyspaces, Bedrock).' },
  ),
  mfaDevices: Type.Array(
    Type.Object({
      serialNumber: Type.String({ description: 'Serial number, or ARN for virtual devices.' }),
      virtual: Type.Boolean({ description: 'Virtual devices are deleted after deactivation.' }),
    }),
    { description: 'MFA devices deactivated (or to be).' },
  ),
  inlinePolicies: Type.Array(
    Type.Object({
      policyName: Type.String({ description: 'The inline policy name.' }),
      document: Type.String({ description: 'The policy document as it was, JSON text.' }),
    }),
    { description: 'Inline policies deleted (or to be), with their documents as evidence.' },
  ),
  attachedPolicies: Type.Array(
    Type.Object({
      policyArn: Type.String({ description: 'The managed policy ARN.' }),
      policyName: Type.String({ description: 'The managed policy name.' }),
    }),
    { description: 'Managed policies detached (or to be).' },
  ),
  groups: Type.Array(Type.String(), {
    description: 'Groups the user was removed from (or will be).',
  }),
  userDeleted: Type.Boolean({ description: 'True once the user itself is deleted.' }),
  notes: Type.Array(Type.String(), { description: 'Things the reader should know.' }),
});
export type DeletedItems = Static<typeof DeletedItems>;

export const EVIDENCE_NOTE =
  'Deleting a user cannot be undone. The access key ids, policies and groups are kept in this result so CloudTrail can still be searched for them (IAM-05).';

export function emptyDetails(name: string, arn?: string): DeletedItems {
  return {
    userName: name,
    ...(arn ? { userArn: arn } : {}),
    consolePassword: false,
    accessKeys: [],
    signingCertificates: [],
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
    mfaDevices: [],
    inlinePolicies: [],
    attachedPolicies: [],
    groups: [],
    userDeleted: false,
    notes: [],
  };
}

export function toDetails(base: DeletedItems, owned: UserInventory): DeletedItems {
  return {
    ...base,
    consolePassword: owned.loginProfile !== undefined,
    accessKeys: owned.accessKeys.map(keyRecord),
    signingCertificates: owned.signingCertificates.map((cert) => cert.certificateId),
    sshPublicKeys: owned.sshPublicKeys.map((key) => key.sshPublicKeyId),
    serviceSpecificCredentials: owned.serviceSpecificCredentials.map(({ id, serviceName }) => ({
      id,
      serviceName,
    })),
    mfaDevices: owned.mfaDevices.map(({ serialNumber, virtual }) => ({ serialNumber, virtual })),
    inlinePolicies: owned.inlinePolicies.map((policy) => ({
      policyName: policy.policyName,
      document: policy.document ?? '',
    })),
    attachedPolicies: owned.attachedPolicies,
    groups: owned.groups,
    notes: [EVIDENCE_NOTE],
  };
}

export function keyRecord(key: UserInventory['accessKeys'][number]): KeyRecord {
  return {
    accessKeyId: key.accessKeyId,
    status: key.status,
    ...(key.createDate ? { createDate: key.createDate.toISOString() } : {}),
    ...(key.lastUsed ? { lastUsedDate: key.lastUsed.date.toISOString() } : {}),
    ...(key.lastUsed?.serviceName ? { lastUsedService: key.lastUsed.serviceName } : {}),
    ...(key.lastUsed?.region ? { lastUsedRegion: key.lastUsed.region } : {}),
  };
}

/** "<lead>a console password, 2 access keys, ... and membership of 1 group (ops-admins)". */
export function ownedPhrase(details: DeletedItems, lead: string): string {
  const parts = [
    details.consolePassword ? 'a console password' : '',
    details.accessKeys.length ? accessKeysPhrase(details.accessKeys) : '',
    details.signingCertificates.length
      ? count(details.signingCertificates.length, 'signing certificate')
      : '',
    details.sshPublicKeys.length ? count(details.sshPublicKeys.length, 'SSH public key') : '',
    details.serviceSpecificCredentials.length
      ? count(details.serviceSpecificCredentials.length, 'service-specific credential')
      : '',
    details.mfaDevices.length ? count(details.mfaDevices.length, 'MFA device') : '',
    details.inlinePolicies.length
      ? count(details.inlinePolicies.length, 'inline policy', 'inline policies')
      : '',
    details.attachedPolicies.length
      ? `${count(details.attachedPolicies.length, 'managed policy', 'managed policies')} (${details.attachedPolicies.map((p) => p.policyName).join(', ')})`
      : '',
    details.groups.length
      ? `membership of ${count(details.groups.length, 'group')} (${details.groups.join(', ')})`
      : '',
  ].filter(Boolean);
  return parts.length ? `${lead}${andList(parts)}` : ' (it owned nothing else)';
}

function accessKeysPhrase(keys: KeyRecord[]): string {
  const used = keys
    .map((key) => key.lastUsedDate)
    .filter((date): date is string => date !== undefined)
    .sort();
  const last = used.at(-1);
  return `${count(keys.length, 'access key')}${last ? ` (last used ${day(new Date(last))})` : ' (never used)'}`;
}

export function keyIdsSentence(details: DeletedItems): string {
  if (details.accessKeys.length === 0) return ` ${EVIDENCE_NOTE}`;
  const ids = details.accessKeys.map((key) => key.accessKeyId);
  return ` Search CloudTrail for access key ${ids.length === 1 ? 'id' : 'ids'} ${andList(ids)} to see what ${ids.length === 1 ? 'it' : 'they'} did; the ids, policies and groups are kept in this result.`;
}
