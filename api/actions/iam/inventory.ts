import {
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  type ServiceSpecificCredentialMetadata,
} from '@aws-sdk/client-iam';
import { translateAwsError } from '../../aws/aws-error.js';
import {
  type AccessKeyView,
  getLoginProfile,
  getUserPolicy,
  listAccessKeys,
} from './credentials.js';
import { collect, MAX_ITEMS, paging } from './paging.js';

export interface MfaDeviceView {
  serialNumber: string;
  /** Virtual devices can be deleted after deactivation; hardware and FIDO keys only deactivated. */
  virtual: boolean;
  enableDate?: Date;
}

export interface UserInventory {
  loginProfile?: { createDate?: Date };
  accessKeys: AccessKeyView[];
  signingCertificates: Array<{ certificateId: string; status: string }>;
  sshPublicKeys: Array<{ sshPublicKeyId: string; status: string }>;
  serviceSpecificCredentials: Array<{ id: string; serviceName: string; serviceUserName?: string }>;
  mfaDevices: MfaDeviceView[];
  /** `document` is present when asked for (deletion keeps it as evidence). */
  inlinePolicies: Array<{ policyName: string; document?: string }>;
  attachedPolicies: Array<{ policyArn: string; policyName: string }>;
  groups: string[];
}

export interface InventoryOptions {
  /** Read each inline policy's document too (one GetUserPolicy per policy). */
  policyDocuments?: boolean;
  /** Read when each access key was last used (one GetAccessKeyLastUsed per key). */
  keyLastUse?: boolean;
}

/**
 * Everything a user owns that stands in the way of DeleteUser. The List calls are independent, so
 * they run at once; each is read to its last page, because IAM truncates pages (and may return
 * fewer items than asked while more remain). The follow-up reads per key and per inline policy run
 * concurrently with the other lists.
 */
export async function inventoryOf(
  iam: IAMClient,
  userName: string,
  options: InventoryOptions = {},
): Promise<UserInventory> {
  const [
    loginProfile,
    accessKeys,
    signingCertificates,
    sshPublicKeys,
    serviceSpecificCredentials,
    mfaDevices,
    inlinePolicies,
    attachedPolicies,
    groups,
  ] = await Promise.all([
    getLoginProfile(iam, userName),
    listAccessKeys(iam, userName).then((keys) =>
      options.keyLastUse ? withLastUse(iam, keys) : keys,
    ),
    listSigningCertificates(iam, userName),
    listSshPublicKeys(iam, userName),
    listServiceSpecificCredentials(iam, userName),
    listMfaDevices(iam, userName),
    listInlinePolicyNames(iam, userName).then((names) =>
      Promise.all(
        names.map(async (policyName) =>
          options.policyDocuments
            ? { policyName, document: (await getUserPolicy(iam, userName, policyName)) ?? '' }
            : { policyName },
        ),
      ),
    ),
    listAttachedPolicies(iam, userName),
    listGroups(iam, userName),
  ]);
  return {
    ...(loginProfile ? { loginProfile } : {}),
    accessKeys,
    signingCertificates,
    sshPublicKeys,
    serviceSpecificCredentials,
    mfaDevices,
    inlinePolicies,
    attachedPolicies,
    groups,
  };
}

/** Adds when and where each key was last used; AWS answers "N/A" for what it has not seen. */
export function withLastUse(iam: IAMClient, keys: AccessKeyView[]): Promise<AccessKeyView[]> {
  const known = (value: string | undefined) => (value && value !== 'N/A' ? value : undefined);
  return Promise.all(
    keys.map(async (key) => {
      try {
        const { AccessKeyLastUsed: used } = await iam.send(
          new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }),
        );
        if (!used?.LastUsedDate) return key;
        const serviceName = known(used.ServiceName);
        const region = known(used.Region);
        return {
          ...key,
          lastUsed: {
            date: used.LastUsedDate,
            ...(serviceName ? { serviceName } : {}),
            ...(region ? { region } : {}),
          },
        };
      } catch (error) {
        throw translateAwsError('iam:GetAccessKeyLastUsed', error);
      }
    }),
  );
}

function listSigningCertificates(iam: IAMClient, userName: string) {
  return collect(
    'iam:ListSigningCertificates',
    paginateListSigningCertificates(paging(iam), { UserName: userName }),
    (page) =>
      (page.Certificates ?? []).map((cert) => ({
        certificateId: cert.CertificateId ?? '',
        status: cert.Status ?? 'Active',
      })),
  );
}

function listSshPublicKeys(iam: IAMClient, userName: string) {
  return collect(
    'iam:ListSSHPublicKeys',
    paginateListSSHPublicKeys(paging(iam), { UserName: userName }),
    (page) =>
      (page.SSHPublicKeys ?? []).map((key) => ({
        sshPublicKeyId: key.SSHPublicKeyId ?? '',
        status: key.Status ?? 'Active',
      })),
  );
}

/** The SDK has no paginator for this call, though AWS pages it (Marker/IsTruncated) like the rest. */
async function listServiceSpecificCredentials(iam: IAMClient, userName: string) {
  const credentials: ServiceSpecificCredentialMetadata[] = [];
  let Marker: string | undefined;
  try {
    do {
      const page = await iam.send(
        new ListServiceSpecificCredentialsCommand({
          UserName: userName,
          Marker,
          MaxItems: MAX_ITEMS,
        }),
      );
      credentials.push(...(page.ServiceSpecificCredentials ?? []));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
  } catch (error) {
    throw translateAwsError('iam:ListServiceSpecificCredentials', error);
  }
  return credentials.map((credential) => ({
    id: credential.ServiceSpecificCredentialId ?? '',
    serviceName: credential.ServiceName ?? '',
    ...(credential.ServiceUserName ? { serviceUserName: credential.ServiceUserName } : {}),
  }));
}

/** Virtual devices are named by an ARN `arn:<partition>:iam::<account>:mfa/<name>`. */
const VIRTUAL_SERIAL = /^arn:aws[\w-]*:iam::\d{12}:mfa\//;

function listMfaDevices(iam: IAMClient, userName: string): Promise<MfaDeviceView[]> {
  return collect(
    'iam:ListMFADevices',
    paginateListMFADevices(paging(iam), { UserName: userName }),
    (page) =>
      (page.MFADevices ?? []).map((device) => ({
        serialNumber: device.SerialNumber ?? '',
        virtual: VIRTUAL_SERIAL.test(device.SerialNumber ?? ''),
        ...(device.EnableDate ? { enableDate: device.EnableDate } : {}),
      })),
  );
}

export function listInlinePolicyNames(iam: IAMClient, userName: string): Promise<string[]> {
  return collect(
    'iam:ListUserPolicies',
    paginateListUserPolicies(paging(iam), { UserName: userName }),
    (page) => page.PolicyNames ?? [],
  );
}

function listAttachedPolicies(iam: IAMClient, userName: string) {
  return collect(
    'iam:ListAttachedUserPolicies',
    paginateListAttachedUserPolicies(paging(iam), { UserName: userName }),
    (page) =>
      (page.AttachedPolicies ?? []).map((policy) => ({
        policyArn: policy.PolicyArn ?? '',
        policyName: policy.PolicyName ?? '',
      })),
  );
}

function listGroups(iam: IAMClient, userName: string): Promise<string[]> {
  return collect(
    'iam:ListGroupsForUser',
    paginateListGroupsForUser(paging(iam), { UserName: userName }),
    (page) => (page.Groups ?? []).map((group) => group.GroupName ?? ''),
  );
}
