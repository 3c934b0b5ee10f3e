import { seedWorkloads } from './aws/seed-workloads.js';
import { type Estate, type EstateOptions, generateEstate } from './estate/generate.js';
import { plantEstate } from './estate/plant.js';
import {
  type Account,
  createWorld,
  emptyIamAccount,
  type IamUser,
  type ManagedPolicy,
  type RulePeer,
  regionEc2,
  type SecurityGroupRule,
  type Tag,
  type World,
} from './state.js';

/**
 * The incident of the AWS re:Inforce 2025 demo, as the sandbox starts: in account 222222222222 a
 * compromised CI role opened SSH to the world and created three administrator users. Tests refer
 * to everything through these names.
 */
export const SEED = {
  accounts: {
    security: '111111111111',
    production: '222222222222',
    data: '333333333333',
    /** Exists, but has no SecurityRemediationRole: AssumeRole is denied. */
    noRemediationRole: '444444444444',
  },
  memberAccounts: ['222222222222', '333333333333'],
  /** Who every unrecognised access key acts as. */
  caller: {
    accountId: '111111111111',
    userName: 'security-remediation-api',
    arn: 'arn:aws:iam::111111111111:user/security-remediation-api',
  },
  remediationRoleName: 'SecurityRemediationRole',
  protectedTag: { key: 'remediation:protected', value: 'true' },
  securityGroups: {
    webFrontend: 'sg-0a1b2c3d4e5f60001',
    legacyAllOpen: 'sg-0a1b2c3d4e5f60002',
    opsRange: 'sg-0a1b2c3d4e5f60003',
    bastionProtected: 'sg-0a1b2c3d4e5f60004',
    alreadyFine: 'sg-0a1b2c3d4e5f60005',
    crowded: 'sg-0a1b2c3d4e5f60006',
    euApp: 'sg-0a1b2c3d4e5f60101',
    dataPipeline: 'sg-0a1b2c3d4e5f60201',
  },
  /** Rule ids read `sgr-05eed0000000` + group number + rule number; 00 is the default egress. */
  rules: {
    webSshWorldV4: 'sgr-05eed000000000101',
    webSshWorldV6: 'sgr-05eed000000000102',
    webHttpsWorld: 'sgr-05eed000000000103',
    webSshPrivate: 'sgr-05eed000000000104',
    legacyAllTrafficWorld: 'sgr-05eed000000000201',
    legacyHttpWorld: 'sgr-05eed000000000202',
    opsTcpRangeWorld: 'sgr-05eed000000000301',
    opsUdpAllV6: 'sgr-05eed000000000302',
    bastionSshWorld: 'sgr-05eed000000000401',
    fineSshPrivate: 'sgr-05eed000000000501',
    fineHttpsWorld: 'sgr-05eed000000000502',
    crowdedSshWorldV4: 'sgr-05eed00000000060b',
    crowdedSshWorldV6: 'sgr-05eed00000000060c',
    euSshWorld: 'sgr-05eed000000010101',
    euRdpWorld: 'sgr-05eed000000010102',
    dataSshWorldV4: 'sgr-05eed000000020101',
    dataSshWorldV6: 'sgr-05eed000000020102',
  },
  iam: {
    compromisedRole: 'ci-deploy-role',
    attackerUsers: ['svc-backup-admin', 'devops-temp', 'support-audit'],
    adminGroup: 'ops-admins',
    ssoRole: 'AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b',
    serviceLinkedRole: 'AWSServiceRoleForSupport',
    breakGlassUser: 'break-glass-admin',
    legalHoldUser: 'legal-hold-user',
    administratorAccessArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    accessKeys: {
      'svc-backup-admin': ['AKIASVCBACKUPADMIN01', 'AKIASVCBACKUPADMIN02'],
      'devops-temp': ['AKIADEVOPSTEMPKEY001'],
      'support-audit': ['AKIASUPPORTAUDIT0001', 'AKIASUPPORTAUDIT0002'],
      'legal-hold-user': ['AKIALEGALHOLDUSER001'],
    },
  },
} as const;

// ---- timeline ----

const BEFORE = new Date('2024-03-04T09:00:00Z'); // the account's ordinary, legitimate set-up
const PERSIST = new Date('2025-06-16T13:12:00Z'); // the attacker creates users and opens SSH
const LAST_SEEN = new Date('2025-06-16T13:40:00Z');

// ---- EC2 ----

interface RuleSeed {
  id: string;
  protocol: 'tcp' | 'udp' | 'icmp' | '-1';
  /** One port, a [from, to] range, or nothing for all traffic / all ICMP. */
  ports?: number | [number, number];
  source: string;
  description?: string;
}

interface GroupSeed {
  accountId: string;
  region: string;
  groupId: string;
  name: string;
  description: string;
  vpcId: string;
  tags?: Record<string, string>;
  ingress: RuleSeed[];
}

const { production, data } = SEED.accounts;
const { securityGroups: sg, rules: r } = SEED;
const PROD_VPC = 'vpc-0c0ffee0000000001';
const PROD_EU_VPC = 'vpc-0c0ffee0000000002';
const DATA_VPC = 'vpc-0c0ffee0000000003';

const crowdedPrivate: RuleSeed[] = [
  ['01', 'tcp', 443, '10.0.0.0/8'],
  ['02', 'tcp', 80, '10.0.0.0/8'],
  ['03', 'tcp', 8080, '172.16.0.0/12'],
  ['04', 'tcp', 5432, '10.20.0.0/16'],
  ['05', 'tcp', 6379, '10.20.0.0/16'],
  ['06', 'tcp', 9200, '10.30.0.0/16'],
  ['07', 'udp', 53, '10.0.0.0/8'],
  ['08', 'tcp', 22, '192.168.0.0/16'],
  ['09', 'icmp', undefined, '10.0.0.0/8'],
  ['0a', 'tcp', 3306, '10.20.0.0/16'],
].map(([n, protocol, ports, source]) => ({
  id: `sgr-05eed0000000006${n}`,
  protocol: protocol as RuleSeed['protocol'],
  ports: ports as number | undefined,
  source: source as string,
  description: 'internal',
}));

const GROUPS: GroupSeed[] = [
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.webFrontend,
    name: 'web-frontend',
    description: 'Public web tier',
    vpcId: PROD_VPC,
    ingress: [
      {
        id: r.webSshWorldV4,
        protocol: 'tcp',
        ports: 22,
        source: '0.0.0.0/0',
        description: 'temp ssh',
      },
      { id: r.webSshWorldV6, protocol: 'tcp', ports: 22, source: '::/0' },
      {
        id: r.webHttpsWorld,
        protocol: 'tcp',
        ports: 443,
        source: '0.0.0.0/0',
        description: 'https',
      },
      {
        id: r.webSshPrivate,
        protocol: 'tcp',
        ports: 22,
        source: '10.0.0.0/8',
        description: 'corp ssh',
      },
    ],
  },
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.legacyAllOpen,
    name: 'legacy-all-open',
    description: 'Legacy app, do not use',
    vpcId: PROD_VPC,
    ingress: [
      { id: r.legacyAllTrafficWorld, protocol: '-1', source: '0.0.0.0/0' },
      { id: r.legacyHttpWorld, protocol: 'tcp', ports: 80, source: '0.0.0.0/0' },
    ],
  },
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.opsRange,
    name: 'ops-range',
    description: 'Operations tooling',
    vpcId: PROD_VPC,
    ingress: [
      { id: r.opsTcpRangeWorld, protocol: 'tcp', ports: [20, 25], source: '0.0.0.0/0' },
      { id: r.opsUdpAllV6, protocol: 'udp', ports: [0, 65535], source: '::/0' },
    ],
  },
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.bastionProtected,
    name: 'bastion-protected',
    description: 'Bastion host, owned by the network team',
    vpcId: PROD_VPC,
    tags: { [SEED.protectedTag.key]: SEED.protectedTag.value, Name: 'bastion' },
    ingress: [{ id: r.bastionSshWorld, protocol: 'tcp', ports: 22, source: '0.0.0.0/0' }],
  },
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.alreadyFine,
    name: 'already-fine',
    description: 'Internal service',
    vpcId: PROD_VPC,
    ingress: [
      { id: r.fineSshPrivate, protocol: 'tcp', ports: 22, source: '10.0.0.0/8' },
      { id: r.fineHttpsWorld, protocol: 'tcp', ports: 443, source: '0.0.0.0/0' },
    ],
  },
  {
    accountId: production,
    region: 'us-east-1',
    groupId: sg.crowded,
    name: 'crowded',
    description: 'Shared services, many rules',
    vpcId: PROD_VPC,
    // The open rules sort last, beyond the first pages of DescribeSecurityGroupRules.
    ingress: [
      ...crowdedPrivate,
      { id: r.crowdedSshWorldV4, protocol: 'tcp', ports: 22, source: '0.0.0.0/0' },
      { id: r.crowdedSshWorldV6, protocol: 'tcp', ports: 22, source: '::/0' },
    ],
  },
  {
    accountId: production,
    region: 'eu-west-1',
    groupId: sg.euApp,
    name: 'eu-app',
    description: 'EU application servers',
    vpcId: PROD_EU_VPC,
    ingress: [
      { id: r.euSshWorld, protocol: 'tcp', ports: 22, source: '0.0.0.0/0' },
      { id: r.euRdpWorld, protocol: 'tcp', ports: 3389, source: '0.0.0.0/0' },
    ],
  },
  {
    accountId: data,
    region: 'us-east-1',
    groupId: sg.dataPipeline,
    name: 'data-pipeline',
    description: 'ETL workers',
    vpcId: DATA_VPC,
    ingress: [
      { id: r.dataSshWorldV4, protocol: 'tcp', ports: 22, source: '0.0.0.0/0' },
      { id: r.dataSshWorldV6, protocol: 'tcp', ports: 22, source: '::/0' },
    ],
  },
];

// ---- IAM ----

const ADMIN = SEED.iam.administratorAccessArn;
const SUPPORT_SLR_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy';
const ALLOW_ALL = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);

const AWS_MANAGED: Array<
  Pick<ManagedPolicy, 'arn' | 'policyName' | 'policyId' | 'path' | 'document'>
> = [
  {
    arn: ADMIN,
    policyName: 'AdministratorAccess',
    policyId: 'ANPAIWMBCKSKIEE64ZLYK',
    path: '/',
    document: ALLOW_ALL,
  },
  {
    arn: SUPPORT_SLR_POLICY,
    policyName: 'AWSSupportServiceRolePolicy',
    policyId: 'ANPAJ7W6266ELXF5MISDS',
    path: '/aws-service-role/',
    document: policy([
      { Effect: 'Allow', Action: ['support:*', 'iam:Get*', 'iam:List*'], Resource: '*' },
    ]),
  },
];

interface RoleSeed {
  name: string;
  path?: string;
  created: Date;
  trust: string;
  description?: string;
  attached?: string[];
  tags?: Record<string, string>;
  lastUsed?: Date;
}

interface UserSeed {
  name: string;
  created: Date;
  tags?: Record<string, string>;
  loginProfile?: boolean;
  accessKeys?: Array<{
    id: string;
    status?: 'Active' | 'Inactive';
    lastUsed?: [Date, string, string];
  }>;
  signingCertificates?: number;
  sshPublicKeys?: number;
  serviceCredentials?: string[];
  mfa?: 'virtual' | 'hardware';
  inline?: Record<string, string>;
  attached?: string[];
  groups?: string[];
}

interface AccountSeed {
  roles?: RoleSeed[];
  users?: UserSeed[];
  groups?: Array<{ name: string; attached?: string[] }>;
}

const remediationRole: RoleSeed = {
  name: SEED.remediationRoleName,
  created: BEFORE,
  description: 'Assumed by the security account to contain incidents',
  trust: policy([
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SEED.accounts.security}:root` },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
    },
  ]),
};

const keys = SEED.iam.accessKeys;

const ACCOUNTS: Record<string, AccountSeed> = {
  [SEED.accounts.security]: {
    users: [{ name: SEED.caller.userName, created: BEFORE }],
  },
  [production]: {
    roles: [
      remediationRole,
      {
        name: SEED.iam.compromisedRole,
        created: BEFORE,
        description: 'CI/CD deployments; the attacker entered through it',
        trust: policy([
          {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${production}:oidc-provider/token.actions.githubusercontent.com`,
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
          },
        ]),
        attached: [ADMIN],
        lastUsed: LAST_SEEN,
      },
      {
        name: SEED.iam.ssoRole,
        path: '/aws-reserved/sso.amazonaws.com/',
        created: BEFORE,
        trust: policy([
          {
            Effect: 'Allow',
            Principal: {
              Federated: `arn:aws:iam::${production}:saml-provider/AWSSSO_5a6b7c8d9e0f1a2b_DO_NOT_DELETE`,
            },
            Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          },
        ]),
        attached: [ADMIN],
      },
      {
        name: SEED.iam.serviceLinkedRole,
        path: '/aws-service-role/support.amazonaws.com/',
        created: BEFORE,
        description:
          'Enables resource access for AWS to provide billing, administrative and support services',
        trust: policy([
          {
            Effect: 'Allow',
            Principal: { Service: 'support.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ]),
        attached: [SUPPORT_SLR_POLICY],
      },
    ],
    groups: [{ name: SEED.iam.adminGroup, attached: [ADMIN] }],
    users: [
      {
        name: 'svc-backup-admin',
        created: PERSIST,
        loginProfile: true,
        accessKeys: [
          { id: keys['svc-backup-admin'][0], lastUsed: [LAST_SEEN, 'iam', 'us-east-1'] },
          { id: keys['svc-backup-admin'][1], lastUsed: [LAST_SEEN, 's3', 'eu-west-1'] },
        ],
        signingCertificates: 1,
        mfa: 'virtual',
        inline: { 'backup-full-access': ALLOW_ALL },
        attached: [ADMIN],
        groups: [SEED.iam.adminGroup],
      },
      {
        name: 'devops-temp',
        created: PERSIST,
        loginProfile: true,
        accessKeys: [{ id: keys['devops-temp'][0], lastUsed: [LAST_SEEN, 'ec2', 'us-east-1'] }],
        sshPublicKeys: 1,
        mfa: 'virtual',
        inline: { 'temp-admin': ALLOW_ALL },
        attached: [ADMIN],
        groups: [SEED.iam.adminGroup],
      },
      {
        name: 'support-audit',
        created: PERSIST,
        loginProfile: true,
        accessKeys: [
          { id: keys['support-audit'][0], lastUsed: [LAST_SEEN, 'sts', 'us-east-1'] },
          { id: keys['support-audit'][1] },
        ],
        serviceCredentials: ['codecommit.amazonaws.com'],
        mfa: 'virtual',
        inline: { 'audit-readwrite': ALLOW_ALL },
        attached: [ADMIN],
        groups: [SEED.iam.adminGroup],
      },
      {
        name: SEED.iam.breakGlassUser,
        created: BEFORE,
        tags: { purpose: 'break-glass' },
        loginProfile: true,
        mfa: 'hardware',
        attached: [ADMIN],
      },
      {
        name: SEED.iam.legalHoldUser,
        created: BEFORE,
        tags: { [SEED.protectedTag.key]: SEED.protectedTag.value, 'legal-hold': 'case-2025-117' },
        loginProfile: true,
        accessKeys: [{ id: keys['legal-hold-user'][0], status: 'Inactive' }],
        inline: {
          'read-only-evidence': policy([
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          ]),
        },
      },
    ],
  },
  [data]: { roles: [remediationRole] },
  [SEED.accounts.noRemediationRole]: {
    roles: [
      {
        name: 'OrganizationAccountAccessRole',
        created: BEFORE,
        trust: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::999999999999:root' },
            Action: 'sts:AssumeRole',
          },
        ]),
        attached: [ADMIN],
      },
    ],
  },
};

// ---- building the world from the tables above ----

/**
 * A fresh, deterministic world: same ids and dates on every call. Around the incident lies a
 * generated organisation (infra/local/sandbox/estate/), sized by `estate`.
 */
export function seedWorld(estate: EstateOptions = {}): World {
  const world = createWorld({ accountId: SEED.caller.accountId, userName: SEED.caller.userName });
  for (const seed of AWS_MANAGED) {
    world.awsManagedPolicies.set(seed.arn, {
      ...seed,
      description: undefined,
      defaultVersionId: 'v1',
      createDate: BEFORE,
      updateDate: BEFORE,
    });
  }
  for (const [accountId, seed] of Object.entries(ACCOUNTS)) {
    const account: Account = { accountId, ec2: new Map(), iam: emptyIamAccount() };
    world.accounts.set(accountId, account);
    seedIam(world, account, seed);
  }
  for (const seed of GROUPS) seedGroup(world, seed);
  plantEstate(world, incidentEstate(estate));
  seedWorkloads(world);
  return world;
}

// Drawn once per process and size: a reset only copies it, which keeps resets cheap.
const drawn = new Map<string, Estate>();

function incidentEstate(options: EstateOptions): Estate {
  const key = JSON.stringify(options);
  let estate = drawn.get(key);
  if (!estate) {
    estate = generateEstate({
      securityAccountId: SEED.accounts.security,
      remediationRoleName: SEED.remediationRoleName,
      protectedTag: SEED.protectedTag,
      knownMembers: [
        { id: production, name: 'production' },
        { id: data, name: 'data' },
        { id: SEED.accounts.noRemediationRole, name: 'legacy-no-role' },
      ],
      ...options,
    });
    drawn.set(key, estate);
  }
  return estate;
}

function seedGroup(world: World, seed: GroupSeed): void {
  const region = regionEc2(world, seed.accountId, seed.region);
  const rule = (id: string, isEgress: boolean, spec: Omit<RuleSeed, 'id'>): SecurityGroupRule => {
    const [fromPort, toPort] =
      spec.ports === undefined
        ? [-1, -1]
        : typeof spec.ports === 'number'
          ? [spec.ports, spec.ports]
          : spec.ports;
    const peer: RulePeer = spec.source.includes(':')
      ? { kind: 'ipv6', cidr: spec.source }
      : { kind: 'ipv4', cidr: spec.source };
    const { description } = spec;
    return {
      ruleId: id,
      groupId: seed.groupId,
      isEgress,
      ipProtocol: spec.protocol,
      fromPort,
      toPort,
      peer,
      description,
      tags: [],
    };
  };
  const egressId = `${seed.ingress[0]?.id.slice(0, -2)}00`;
  region.securityGroups.set(seed.groupId, {
    groupId: seed.groupId,
    groupName: seed.name,
    description: seed.description,
    vpcId: seed.vpcId,
    ownerId: seed.accountId,
    tags: tags(seed.tags),
    rules: [
      ...seed.ingress.map((spec) => rule(spec.id, false, spec)),
      rule(egressId, true, { protocol: '-1', source: '0.0.0.0/0' }),
    ],
  });
}

function seedIam(world: World, account: Account, seed: AccountSeed): void {
  const { iam, accountId } = account;
  const arn = (kind: string, path: string, name: string) =>
    `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  for (const role of seed.roles ?? []) {
    const path = role.path ?? '/';
    iam.roles.set(role.name, {
      roleName: role.name,
      roleId: world.ids.iam('AROA'),
      arn: arn('role', path, role.name),
      path,
      createDate: role.created,
      description: role.description,
      assumeRolePolicyDocument: role.trust,
      maxSessionDuration: 3600,
      inlinePolicies: new Map(),
      attachedPolicies: [...(role.attached ?? [])],
      tags: tags(role.tags),
      roleLastUsed: role.lastUsed ? { date: role.lastUsed, region: 'us-east-1' } : undefined,
    });
  }
  for (const group of seed.groups ?? []) {
    iam.groups.set(group.name, {
      groupName: group.name,
      groupId: world.ids.iam('AGPA'),
      arn: arn('group', '/', group.name),
      path: '/',
      createDate: BEFORE,
      inlinePolicies: new Map(),
      attachedPolicies: [...(group.attached ?? [])],
    });
  }
  for (const user of seed.users ?? []) {
    iam.users.set(user.name, seedUser(world, account, user, arn('user', '/', user.name)));
    if (user.mfa) {
      const serialNumber =
        user.mfa === 'virtual'
          ? arn('mfa', '/', user.name)
          : `GAHT${String(iam.mfaDevices.size + 1).padStart(8, '0')}`;
      iam.mfaDevices.set(serialNumber, {
        serialNumber,
        kind: user.mfa,
        createDate: user.created,
        userName: user.name,
        enableDate: user.created,
      });
    }
  }
}

function seedUser(world: World, account: Account, seed: UserSeed, arn: string): IamUser {
  const created = seed.created;
  return {
    userName: seed.name,
    userId: world.ids.iam('AIDA'),
    arn,
    path: '/',
    createDate: created,
    passwordLastUsed: seed.loginProfile && created === PERSIST ? LAST_SEEN : undefined,
    tags: tags(seed.tags),
    loginProfile: seed.loginProfile
      ? { createDate: created, passwordResetRequired: false }
      : undefined,
    accessKeys: (seed.accessKeys ?? []).map((key) => ({
      accessKeyId: key.id,
      status: key.status ?? 'Active',
      createDate: created,
      lastUsed: key.lastUsed
        ? { date: key.lastUsed[0], serviceName: key.lastUsed[1], region: key.lastUsed[2] }
        : undefined,
    })),
    signingCertificates: Array.from({ length: seed.signingCertificates ?? 0 }, () => ({
      certificateId: world.ids.ec2('cert').slice('cert-'.length).toUpperCase().padEnd(32, '0'),
      certificateBody: '-----BEGIN CERTIFICATE-----\nMIIBsandbox\n-----END CERTIFICATE-----',
      status: 'Active' as const,
      uploadDate: created,
    })),
    sshPublicKeys: Array.from({ length: seed.sshPublicKeys ?? 0 }, () => ({
      sshPublicKeyId: world.ids.iam('APKA'),
      fingerprint: '4a:5f:0c:8e:21:9b:7d:33:e1:c2:aa:10:6f:5d:90:bb',
      body: `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQsandbox ${seed.name}`,
      status: 'Active' as const,
      uploadDate: created,
    })),
    serviceSpecificCredentials: (seed.serviceCredentials ?? []).map((serviceName) => ({
      serviceSpecificCredentialId: world.ids.iam('ACCA'),
      serviceName,
      serviceUserName: `${seed.name}-at-${account.accountId}`,
      status: 'Active' as const,
      createDate: created,
    })),
    inlinePolicies: new Map(Object.entries(seed.inline ?? {})),
    attachedPolicies: [...(seed.attached ?? [])],
    groupNames: [...(seed.groups ?? [])],
  };
}

function tags(record: Record<string, string> = {}): Tag[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

function policy(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
