import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { CallRecord } from '../../infra/local/sandbox/knobs.js';
import type { Sandbox } from '../../infra/local/sandbox/server.js';

/**
 * An IAM client acting in a member account of the sandbox, reached the way an investigator would
 * (AssumeRole from the security account), to set up state and to look at what a remediation left.
 */
export async function memberIam(endpoint: string, accountId: string): Promise<IAMClient> {
  const base = { accessKeyId: 'investigator', secretAccessKey: 'investigator' };
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials: base });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/SecurityRemediationRole`,
      RoleSessionName: 'test-investigator',
    }),
  );
  sts.destroy();
  return new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  });
}

/** How many of each item `createLoadedUser` gives the user. */
export interface LoadedUserCounts {
  loginProfile?: boolean;
  accessKeys?: number;
  signingCertificates?: number;
  sshPublicKeys?: number;
  /** CodeCommit credentials (AWS allows 2 per service). */
  serviceCredentials?: number;
  virtualMfa?: number;
  hardwareMfa?: number;
  inlinePolicies?: number;
  managedPolicies?: number;
  groups?: number;
}

/**
 * Creates a user holding the given number of every item, through the IAM API where the sandbox
 * emulates the Create call. Groups and customer managed policies are added to the sandbox's world
 * directly: the sandbox has no CreateGroup/CreatePolicy (AWS does), and only their existence
 * matters here. Items are created one family at a time, concurrently within a family.
 */
export async function createLoadedUser(
  iam: IAMClient,
  sandbox: Sandbox,
  accountId: string,
  userName: string,
  counts: LoadedUserCounts,
): Promise<void> {
  const UserName = userName;
  const times = (n = 0) => Array.from({ length: n }, (_, i) => i + 1);
  await iam.send(new CreateUserCommand({ UserName }));
  if (counts.loginProfile) {
    await iam.send(new CreateLoginProfileCommand({ UserName, Password: 'Sandbox-Passw0rd!' }));
  }
  await Promise.all(
    times(counts.accessKeys).map(() => iam.send(new CreateAccessKeyCommand({ UserName }))),
  );
  await Promise.all(
    times(counts.signingCertificates).map((i) =>
      iam.send(
        new UploadSigningCertificateCommand({
          UserName,
          CertificateBody: `-----BEGIN CERTIFICATE-----\nMIIB${userName}${i}\n-----END CERTIFICATE-----`,
        }),
      ),
    ),
  );
  await Promise.all(
    times(counts.sshPublicKeys).map((i) =>
      iam.send(
        new UploadSSHPublicKeyCommand({
          UserName,
          SSHPublicKeyBody: `ssh-rsa AAAA${i} ${userName}`,
        }),
      ),
    ),
  );
  await Promise.all(
    times(counts.serviceCredentials).map(() =>
      iam.send(
        new CreateServiceSpecificCredentialCommand({
          UserName,
          ServiceName: 'codecommit.amazonaws.com',
        }),
      ),
    ),
  );
  const code = { AuthenticationCode1: '123456', AuthenticationCode2: '654321' };
  await Promise.all(
    times(counts.virtualMfa).map(async (i) => {
      const { VirtualMFADevice } = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-${i}` }),
      );
      await iam.send(
        new EnableMFADeviceCommand({
          UserName,
          SerialNumber: VirtualMFADevice?.SerialNumber,
          ...code,
        }),
      );
    }),
  );
  await Promise.all(
    times(counts.hardwareMfa).map((i) =>
      iam.send(
        new EnableMFADeviceCommand({
          UserName,
          SerialNumber: `GAHT${userName.length}${String(i).padStart(7, '0')}`,
          ...code,
        }),
      ),
    ),
  );
  await Promise.all(
    times(counts.inlinePolicies).map((i) =>
      iam.send(
        new PutUserPolicyCommand({
          UserName,
          PolicyName: `inline-${String(i).padStart(2, '0')}`,
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' }],
          }),
        }),
      ),
    ),
  );
  const iamState = sandbox.world.accounts.get(accountId)?.iam;
  if (!iamState) throw new Error(`the sandbox has no account ${accountId}`);
  const created = new Date();
  await Promise.all(
    times(counts.managedPolicies).map((i) => {
      const policyName = `${userName}-managed-${String(i).padStart(2, '0')}`;
      const arn = `arn:aws:iam::${accountId}:policy/${policyName}`;
      iamState.policies.set(arn, {
        policyName,
        policyId: `ANPA${userName.toUpperCase().replace(/[^A-Z]/g, '')}${i}`.slice(0, 21),
        arn,
        path: '/',
        defaultVersionId: 'v1',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
        }),
        createDate: created,
        updateDate: created,
      });
      return iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: arn }));
    }),
  );
  await Promise.all(
    times(counts.groups).map((i) => {
      const groupName = `${userName}-group-${String(i).padStart(2, '0')}`;
      iamState.groups.set(groupName, {
        groupName,
        groupId: `AGPA${userName.toUpperCase().replace(/[^A-Z]/g, '')}${i}`.slice(0, 21),
        arn: `arn:aws:iam::${accountId}:group/${groupName}`,
        path: '/',
        createDate: created,
        inlinePolicies: new Map(),
        attachedPolicies: [],
      });
      return iam.send(new AddUserToGroupCommand({ UserName, GroupName: groupName }));
    }),
  );
}

/**
 * The IAM actions the API called (its sessions are named `remediation-<requester>`) that the
 * operation does not declare: the member-account policy is generated from the declarations, so a
 * call missing there would be denied in AWS.
 */
export function undeclaredIamCalls(calls: CallRecord[], permissions: string[]): string[] {
  const made = calls
    .filter((call) => call.service === 'iam' && call.roleSessionName?.startsWith('remediation-'))
    .map((call) => `iam:${call.action}`);
  return [...new Set(made)].filter((action) => !permissions.includes(action));
}
