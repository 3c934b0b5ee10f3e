import type { NetworkInterface } from './aws/ec2/network-interface.js';
import { IdFactory } from './aws/ids.js';

/**
 * The sandbox cloud's memory: accounts, their EC2 state per region and their IAM state, plus the
 * STS sessions it has issued. Plain data, mutated in place by the operations; `seedWorld()`
 * builds a fresh one and a reset swaps it whole.
 */
export interface World {
  accounts: Map<string, Account>;
  /** AWS managed policies (`arn:aws:iam::aws:policy/...`) exist once, outside every account. */
  awsManagedPolicies: Map<string, ManagedPolicy>;
  sts: StsState;
  /** Who any long-term key the sandbox does not recognise acts as. */
  defaultPrincipal: { accountId: string; userName: string };
  ids: IdFactory;
}

export interface Account {
  accountId: string;
  /** Keyed by region; a region appears on first use with an empty default VPC. */
  ec2: Map<string, RegionEc2>;
  iam: IamAccount;
}

export interface Tag {
  key: string;
  value: string;
}

// ---- EC2 ----

export interface RegionEc2 {
  region: string;
  /** Revoking an unmatched permission only fails outside the default VPC (RevokeSecurityGroupIngress). */
  defaultVpcId: string;
  securityGroups: Map<string, SecurityGroup>;
  networkInterfaces: Map<string, NetworkInterface>;
}

export interface SecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  tags: Tag[];
  /** Ingress and egress together, as DescribeSecurityGroupRules sees them. */
  rules: SecurityGroupRule[];
}

export interface SecurityGroupRule {
  ruleId: string;
  groupId: string;
  isEgress: boolean;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all traffic) or another protocol number. */
  ipProtocol: string;
  /** -1 when the protocol has no ports (all traffic). For ICMP: type and code. */
  fromPort: number;
  toPort: number;
  peer: RulePeer;
  description?: string;
  tags: Tag[];
}

/** A rule has exactly one source (ingress) or destination (egress). */
export type RulePeer =
  | { kind: 'ipv4'; cidr: string }
  | { kind: 'ipv6'; cidr: string }
  | { kind: 'group'; groupId: string; userId: string }
  | { kind: 'prefixList'; prefixListId: string };

// ---- IAM (global per account) ----

export interface IamAccount {
  users: Map<string, IamUser>;
  groups: Map<string, IamGroup>;
  roles: Map<string, IamRole>;
  /** Customer managed policies, keyed by ARN. */
  policies: Map<string, ManagedPolicy>;
  /** Every MFA device of the account, keyed by serial number; `userName` is set while enabled. */
  mfaDevices: Map<string, MfaDevice>;
}

/** Inline policy name → policy document (JSON text, as IAM stores it). */
export type InlinePolicies = Map<string, string>;

export interface IamUser {
  userName: string;
  userId: string;
  arn: string;
  path: string;
  createDate: Date;
  passwordLastUsed?: Date;
  permissionsBoundaryArn?: string;
  tags: Tag[];
  loginProfile?: LoginProfile;
  accessKeys: AccessKey[];
  signingCertificates: SigningCertificate[];
  sshPublicKeys: SshPublicKey[];
  serviceSpecificCredentials: ServiceSpecificCredential[];
  inlinePolicies: InlinePolicies;
  /** Managed policy ARNs. */
  attachedPolicies: string[];
  /** Names of the groups the user belongs to; the groups do not keep a second copy. */
  groupNames: string[];
}

export interface LoginProfile {
  createDate: Date;
  passwordResetRequired: boolean;
}

export type CredentialStatus = 'Active' | 'Inactive';

export interface AccessKey {
  accessKeyId: string;
  status: CredentialStatus;
  createDate: Date;
  lastUsed?: { date: Date; serviceName: string; region: string };
}

export interface SigningCertificate {
  certificateId: string;
  certificateBody: string;
  status: CredentialStatus;
  uploadDate: Date;
}

export interface SshPublicKey {
  sshPublicKeyId: string;
  fingerprint: string;
  body: string;
  status: CredentialStatus;
  uploadDate: Date;
}

export interface ServiceSpecificCredential {
  serviceSpecificCredentialId: string;
  serviceName: string;
  serviceUserName: string;
  status: CredentialStatus;
  createDate: Date;
}

export interface MfaDevice {
  /** Virtual devices: `arn:aws:iam::<account>:mfa/<name>`. */
  serialNumber: string;
  kind: 'virtual' | 'hardware' | 'fido';
  createDate: Date;
  userName?: string;
  enableDate?: Date;
}

export interface IamGroup {
  groupName: string;
  groupId: string;
  arn: string;
  path: string;
  createDate: Date;
  inlinePolicies: InlinePolicies;
  attachedPolicies: string[];
}

export interface IamRole {
  roleName: string;
  roleId: string;
  arn: string;
  path: string;
  createDate: Date;
  description?: string;
  /** The trust policy (JSON text). */
  assumeRolePolicyDocument: string;
  maxSessionDuration: number;
  inlinePolicies: InlinePolicies;
  attachedPolicies: string[];
  tags: Tag[];
  roleLastUsed?: { date: Date; region: string };
}

export interface ManagedPolicy {
  policyName: string;
  policyId: string;
  arn: string;
  path: string;
  description?: string;
  defaultVersionId: string;
  document: string;
  createDate: Date;
  updateDate: Date;
}

// ---- STS ----

export interface StsState {
  /** Every session AssumeRole issued, oldest first. */
  sessions: StsSession[];
}

export interface StsSession {
  accessKeyId: string;
  accountId: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  roleSessionName: string;
  sourceIdentity?: string;
  durationSeconds: number;
  issuedAt: Date;
  expiration: Date;
  /** Who called AssumeRole. */
  callerArn: string;
}

// ---- construction and lookups ----

export function createWorld(defaultPrincipal: World['defaultPrincipal']): World {
  return {
    accounts: new Map(),
    awsManagedPolicies: new Map(),
    sts: { sessions: [] },
    defaultPrincipal,
    ids: new IdFactory(),
  };
}

export function emptyIamAccount(): IamAccount {
  return {
    users: new Map(),
    groups: new Map(),
    roles: new Map(),
    policies: new Map(),
    mfaDevices: new Map(),
  };
}

/** The EC2 state of one account and region, created on first use like a fresh AWS region. */
export function regionEc2(world: World, accountId: string, region: string): RegionEc2 {
  const account = world.accounts.get(accountId);
  if (!account) throw new Error(`The sandbox has no account ${accountId}`);
  let state = account.ec2.get(region);
  if (!state) {
    state = {
      region,
      defaultVpcId: world.ids.ec2('vpc'),
      securityGroups: new Map(),
      networkInterfaces: new Map(),
    };
    account.ec2.set(region, state);
  }
  return state;
}

export function findManagedPolicy(
  world: World,
  accountId: string,
  arn: string,
): ManagedPolicy | undefined {
  return world.awsManagedPolicies.get(arn) ?? world.accounts.get(accountId)?.iam.policies.get(arn);
}
