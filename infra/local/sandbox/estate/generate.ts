import type { NetworkInterface } from '../aws/ec2/network-interface.js';
import type { Organization, OrganizationAccount } from '../aws/organizations/state.js';
import type { RegionEc2, SecurityGroup, SecurityGroupRule } from '../state.js';
import {
  EXPOSURE_WEIGHTS,
  type ExposureKind,
  exposureRules,
  NAMES,
  privateRules,
  type RuleDraw,
} from './exposures.js';
import { Random, stableAccountId, stableId } from './random.js';

/** Sizes and shares of a generated estate; every field has the sandbox's default. */
export interface EstateOptions {
  /** Member accounts of the organisation, counting the ones seeded by hand (`knownMembers`). */
  memberAccounts?: number;
  regions?: readonly string[];
  /** Security groups in each generated account and region. */
  groupsPerRegion?: number;
  /** Share of generated groups with at least one rule open to 0.0.0.0/0 or ::/0. */
  exposedShare?: number;
  /** Share of generated groups carrying the protected tag. */
  protectedShare?: number;
  /** Share of generated groups used by one to three network interfaces. */
  inUseShare?: number;
  /** Another seed draws another (equally deterministic) estate. */
  seed?: string;
  /** The account every member trusts, and the organisation's delegated administrator. */
  securityAccountId?: string;
  remediationRoleName?: string;
  protectedTag?: { key: string; value: string };
  /** Accounts seeded by hand that belong to the organisation as members. */
  knownMembers?: ReadonlyArray<{ id: string; name: string }>;
}

export type ResolvedEstateOptions = Required<EstateOptions>;

export const DEFAULT_ESTATE: ResolvedEstateOptions = {
  memberAccounts: 20,
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
  groupsPerRegion: 20,
  exposedShare: 0.35,
  protectedShare: 0.06,
  inUseShare: 0.5,
  seed: 'sandbox-estate-1',
  securityAccountId: '111111111111',
  remediationRoleName: 'SecurityRemediationRole',
  protectedTag: { key: 'remediation:protected', value: 'true' },
  knownMembers: [],
};

export interface EstateAccount {
  accountId: string;
  name: string;
  /** Keyed by region, ready to become the account's EC2 state. */
  ec2: Map<string, RegionEc2>;
}

/** What `generateEstate` draws: plain data, planted into a world by `plantEstate`. */
export interface Estate {
  options: ResolvedEstateOptions;
  organization: Organization;
  accounts: EstateAccount[];
}

/** The organisation's management account stays outside the sandbox, as it does for most teams. */
export const MANAGEMENT_ACCOUNT_ID = '999999999999';
const JOINED = new Date('2023-01-09T10:00:00Z');
const TEAMS = ['payments', 'identity', 'analytics', 'search', 'mobile', 'media', 'billing', 'ml'];
const STAGES = ['prod', 'staging', 'dev'];

/**
 * Draws an AWS Organization of member accounts × regions with security groups, some open to the
 * internet, some protected, some used by network interfaces. Deterministic: the same options give
 * the same ids, rules and interfaces; an account's groups depend only on the seed, its position and
 * the region, so a bigger estate keeps every group of a smaller one.
 */
export function generateEstate(options: EstateOptions = {}): Estate {
  const resolved: ResolvedEstateOptions = { ...DEFAULT_ESTATE, ...options };
  const generatedCount = Math.max(0, resolved.memberAccounts - resolved.knownMembers.length);
  const taken = new Set([
    MANAGEMENT_ACCOUNT_ID,
    resolved.securityAccountId,
    ...resolved.knownMembers.map((member) => member.id),
  ]);
  const accounts: EstateAccount[] = [];
  for (let index = 0; accounts.length < generatedCount; index++) {
    const accountId = stableAccountId(`${resolved.seed}:account:${index}`);
    if (taken.has(accountId)) continue;
    taken.add(accountId);
    const name = `${TEAMS[index % TEAMS.length]}-${STAGES[Math.floor(index / TEAMS.length) % STAGES.length]}-${index + 1}`;
    accounts.push(generateAccount(resolved, accountId, name, index));
  }
  return { options: resolved, organization: organization(resolved, accounts), accounts };
}

function organization(options: ResolvedEstateOptions, accounts: EstateAccount[]): Organization {
  const member = (id: string, name: string, joined: Date): OrganizationAccount => ({
    id,
    name,
    email: `aws+${name}@example.com`,
    status: 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedTimestamp: joined,
  });
  const day = (n: number) => new Date(JOINED.getTime() + n * 86_400_000);
  // A closed account stays listed, SUSPENDED, for 90 days: nothing may act in it.
  const closed = stableAccountId(`${options.seed}:closed`);
  return {
    id: `o-${stableId('o', options.seed, 10).slice(2)}`,
    managementAccountId: MANAGEMENT_ACCOUNT_ID,
    managementAccountEmail: 'aws+management@example.com',
    delegatedAdministrators: [options.securityAccountId],
    accounts: [
      member(MANAGEMENT_ACCOUNT_ID, 'management', JOINED),
      member(options.securityAccountId, 'security', day(1)),
      ...options.knownMembers.map((known, i) => member(known.id, known.name, day(2 + i))),
      ...accounts.map((account, i) => member(account.accountId, account.name, day(30 + i))),
      { ...member(closed, 'closed-sandbox', day(10)), status: 'SUSPENDED' },
    ],
  };
}

function generateAccount(
  options: ResolvedEstateOptions,
  accountId: string,
  name: string,
  index: number,
): EstateAccount {
  const ec2 = new Map<string, RegionEc2>();
  for (const region of options.regions) {
    const random = new Random(`${options.seed}:${index}:${region}`);
    const key = `${options.seed}:${accountId}:${region}`;
    const vpcId = stableId('vpc', `${key}:vpc`);
    const state: RegionEc2 = {
      region,
      defaultVpcId: stableId('vpc', `${key}:default-vpc`),
      securityGroups: new Map(),
      networkInterfaces: new Map(),
    };
    for (let g = 0; g < options.groupsPerRegion; g++) {
      const group = generateGroup(options, random, `${key}:${g}`, accountId, vpcId, g);
      state.securityGroups.set(group.groupId, group);
      if (random.chance(options.inUseShare)) {
        for (const eni of interfacesFor(random, group, `${key}:${g}`, region, index)) {
          state.networkInterfaces.set(eni.networkInterfaceId, eni);
        }
      }
    }
    ec2.set(region, state);
  }
  return { accountId, name, ec2 };
}

function generateGroup(
  options: ResolvedEstateOptions,
  random: Random,
  key: string,
  accountId: string,
  vpcId: string,
  position: number,
): SecurityGroup {
  const groupId = stableId('sg', key);
  const exposed = random.chance(options.exposedShare);
  const kinds: ExposureKind[] = [];
  if (exposed) {
    kinds.push(random.weighted(EXPOSURE_WEIGHTS));
    if (random.chance(0.15)) kinds.push(random.weighted(EXPOSURE_WEIGHTS));
  }
  const draws: RuleDraw[] = [
    ...privateRules(random),
    ...[...new Set(kinds)].flatMap((kind) => exposureRules(kind, random)),
  ];
  const prefix = random.pick(NAMES[kinds[0] ?? 'clean']);
  const isProtected = random.chance(options.protectedShare);
  const rules: SecurityGroupRule[] = draws.map((draw, r) =>
    rule(`${key}:rule:${r}`, groupId, false, draw),
  );
  rules.push(
    rule(`${key}:egress`, groupId, true, { protocol: '-1', from: -1, to: -1, source: '0.0.0.0/0' }),
  );
  return {
    groupId,
    groupName: `${prefix}-${position + 1}`,
    description: exposed ? `${prefix} tier` : `${prefix} (internal only)`,
    vpcId,
    ownerId: accountId,
    tags: [
      { key: 'Name', value: `${prefix}-${position + 1}` },
      ...(isProtected ? [{ ...options.protectedTag }] : []),
    ],
    rules,
  };
}

function rule(key: string, groupId: string, isEgress: boolean, draw: RuleDraw): SecurityGroupRule {
  return {
    ruleId: stableId('sgr', key),
    groupId,
    isEgress,
    ipProtocol: draw.protocol,
    fromPort: draw.from,
    toPort: draw.to,
    peer: draw.source.includes(':')
      ? { kind: 'ipv6', cidr: draw.source }
      : { kind: 'ipv4', cidr: draw.source },
    tags: [],
  };
}

/** Instances mostly; now and then a load balancer's interface or one left unattached. */
function interfacesFor(
  random: Random,
  group: SecurityGroup,
  key: string,
  region: string,
  accountIndex: number,
): NetworkInterface[] {
  return Array.from({ length: random.int(1, 3) }, (_, n) => {
    const id = `${key}:eni:${n}`;
    const zone = `${region}${random.pick(['a', 'b', 'c'])}`;
    const kind = random.weighted({ instance: 70, loadBalancer: 15, detached: 15 });
    const ip = `10.${accountIndex % 256}.${random.int(0, 255)}.${random.int(4, 254)}`;
    const base: NetworkInterface = {
      networkInterfaceId: stableId('eni', id),
      subnetId: stableId('subnet', `${key}:${zone}`),
      vpcId: group.vpcId,
      availabilityZone: zone,
      description: '',
      ownerId: group.ownerId,
      interfaceType: 'interface',
      requesterManaged: false,
      status: 'in-use',
      privateIpAddress: ip,
      macAddress: stableId('m', id, 12)
        .slice(2)
        .replace(/(..)(?!$)/g, '$1:'),
      groupIds: [group.groupId],
      groupHistory: [[group.groupId]],
      tags: [],
    };
    const attachment = (instanceId: string | undefined, owner: string) => ({
      attachmentId: stableId('eni-attach', id),
      instanceId,
      instanceOwnerId: owner,
      deviceIndex: instanceId ? 0 : 1,
      attachTime: JOINED,
      deleteOnTermination: Boolean(instanceId),
    });
    if (kind === 'instance') {
      return {
        ...base,
        description: 'Primary network interface',
        attachment: attachment(stableId('i', id), group.ownerId),
      };
    }
    if (kind === 'loadBalancer') {
      return {
        ...base,
        description: `ELB app/${group.groupName}/${stableId('x', id, 16).slice(2)}`,
        requesterManaged: true,
        attachment: attachment(undefined, 'amazon-elb'),
      };
    }
    return { ...base, description: `${group.groupName} spare`, status: 'available' };
  });
}
