import { isIPv4, isIPv6 } from 'node:net';
import type { RulePeer, SecurityGroupRule, Tag } from '../../state.js';
import type { QueryParams } from '../params.js';
import { QueryError } from '../query-error.js';
import type { XmlValue } from '../xml.js';

/** One rule as a request describes it: what Authorize adds and Revoke must match exactly. */
export interface RuleSpec {
  ipProtocol: string;
  fromPort: number;
  toPort: number;
  peer: RulePeer;
  description?: string;
}

const PROTOCOLS: Record<string, string> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmpv6',
  '58': 'icmpv6',
  '-1': '-1',
  all: '-1',
};

/** Protocols whose rules carry a port range (or ICMP type and code). */
export function hasPorts(ipProtocol: string): boolean {
  return ['tcp', 'udp', 'icmp', 'icmpv6'].includes(ipProtocol);
}

export function normalizeProtocol(raw: string | undefined): string {
  if (raw === undefined || raw === '') {
    throw new QueryError('MissingParameter', 'The request must contain the parameter ipProtocol');
  }
  const known = PROTOCOLS[raw.toLowerCase()];
  if (known) return known;
  const number = Number(raw);
  if (/^\d+$/.test(raw) && number <= 255) return String(number);
  throw new QueryError(
    'InvalidParameterValue',
    `Invalid value '${raw}' for IP protocol. Unknown protocol.`,
  );
}

/**
 * Every (protocol, ports, peer) an `IpPermissions.N` list names, one spec per source: AWS keeps
 * one rule per source even when a single permission lists several. The legacy top-level form
 * (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp`) is read the same way.
 */
export function readRuleSpecs(params: QueryParams, ownerId: string): RuleSpec[] {
  const permissions = params.list('IpPermissions');
  if (permissions.length === 0 && params.get('IpProtocol') !== undefined) permissions.push(params);
  return permissions.flatMap((permission) => permissionSpecs(permission, ownerId));
}

function permissionSpecs(permission: QueryParams, ownerId: string): RuleSpec[] {
  const ipProtocol = normalizeProtocol(permission.get('IpProtocol'));
  const [fromPort, toPort] = ports(
    ipProtocol,
    permission.int('FromPort'),
    permission.int('ToPort'),
  );
  const base = { ipProtocol, fromPort, toPort };
  const specs: RuleSpec[] = [];
  const legacyCidr = permission.get('CidrIp');
  if (legacyCidr !== undefined)
    specs.push({ ...base, peer: { kind: 'ipv4', cidr: ipv4(legacyCidr) } });
  for (const range of permission.list('IpRanges')) {
    const cidr = ipv4(range.get('CidrIp') ?? '');
    specs.push({ ...base, peer: { kind: 'ipv4', cidr }, description: range.get('Description') });
  }
  for (const range of permission.list('Ipv6Ranges')) {
    const cidr = ipv6(range.get('CidrIpv6') ?? '');
    specs.push({ ...base, peer: { kind: 'ipv6', cidr }, description: range.get('Description') });
  }
  for (const pair of permission.list('Groups')) {
    const groupId = pair.require('GroupId');
    const peer: RulePeer = { kind: 'group', groupId, userId: pair.get('UserId') ?? ownerId };
    specs.push({ ...base, peer, description: pair.get('Description') });
  }
  for (const list of permission.list('PrefixListIds')) {
    const peer: RulePeer = { kind: 'prefixList', prefixListId: list.require('PrefixListId') };
    specs.push({ ...base, peer, description: list.get('Description') });
  }
  return specs;
}

function ports(
  ipProtocol: string,
  from: number | undefined,
  to: number | undefined,
): [number, number] {
  if (ipProtocol === 'tcp' || ipProtocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw new QueryError(
        'InvalidParameterValue',
        "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange",
      );
    }
    if (from < 0 || to > 65535 || from > to) {
      throw new QueryError('InvalidParameterValue', `Invalid value '${from}-${to}' for portRange`);
    }
    return [from, to];
  }
  if (ipProtocol === 'icmp' || ipProtocol === 'icmpv6') return [from ?? -1, to ?? -1];
  // All traffic and other protocol numbers cover every port; AWS reports -1 whatever was sent.
  return [-1, -1];
}

function ipv4(cidr: string): string {
  const [address, bits, extra] = cidr.split('/');
  const valid = address && isIPv4(address) && /^\d{1,2}$/.test(bits ?? '') && Number(bits) <= 32;
  if (!valid || extra !== undefined) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrIp is invalid. This is not a valid CIDR block.`,
    );
  }
  return cidr;
}

function ipv6(cidr: string): string {
  const [address, bits, extra] = cidr.split('/');
  const valid = address && isIPv6(address) && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= 128;
  if (!valid || extra !== undefined) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${cidr}) for parameter cidrIpv6 is invalid. This is not a valid CIDR block.`,
    );
  }
  return cidr.toLowerCase();
}

export function samePeer(a: RulePeer, b: RulePeer): boolean {
  switch (a.kind) {
    case 'ipv4':
      return b.kind === 'ipv4' && a.cidr === b.cidr;
    case 'ipv6':
      return b.kind === 'ipv6' && a.cidr.toLowerCase() === b.cidr.toLowerCase();
    case 'group':
      return b.kind === 'group' && a.groupId === b.groupId;
    case 'prefixList':
      return b.kind === 'prefixList' && a.prefixListId === b.prefixListId;
  }
}

/** The description never takes part: AWS revokes a described rule without it. */
export function sameRule(rule: RuleSpec, other: RuleSpec): boolean {
  return (
    rule.ipProtocol === other.ipProtocol &&
    rule.fromPort === other.fromPort &&
    rule.toPort === other.toPort &&
    samePeer(rule.peer, other.peer)
  );
}

export function peerLabel(peer: RulePeer): string {
  switch (peer.kind) {
    case 'ipv4':
    case 'ipv6':
      return peer.cidr;
    case 'group':
      return peer.groupId;
    case 'prefixList':
      return peer.prefixListId;
  }
}

/** InvalidPermission.Duplicate names the rule the way EC2 prints it. */
export function duplicateRuleError(rule: RuleSpec): QueryError {
  const peer = `peer: ${peerLabel(rule.peer)}`;
  const protocol = rule.ipProtocol === '-1' ? 'ALL' : rule.ipProtocol.toUpperCase();
  const range = hasPorts(rule.ipProtocol)
    ? `, from port: ${rule.fromPort}, to port: ${rule.toPort}`
    : '';
  return new QueryError(
    'InvalidPermission.Duplicate',
    `the specified rule "${peer}, ${protocol}${range}, ALLOW" already exists`,
  );
}

function tagSet(tags: Tag[]): XmlValue {
  return tags.map((tag) => ({ key: tag.key, value: tag.value }));
}

/** A rule as DescribeSecurityGroupRules and AuthorizeSecurityGroupIngress return it. */
export function ruleXml(rule: SecurityGroupRule, ownerId: string, region: string): XmlValue {
  const { peer } = rule;
  return {
    securityGroupRuleId: rule.ruleId,
    groupId: rule.groupId,
    groupOwnerId: ownerId,
    isEgress: rule.isEgress,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrIpv4: peer.kind === 'ipv4' ? peer.cidr : undefined,
    cidrIpv6: peer.kind === 'ipv6' ? peer.cidr : undefined,
    prefixListId: peer.kind === 'prefixList' ? peer.prefixListId : undefined,
    referencedGroupInfo:
      peer.kind === 'group' ? { groupId: peer.groupId, userId: peer.userId } : undefined,
    description: rule.description,
    tagSet: tagSet(rule.tags),
    securityGroupRuleArn: `arn:aws:ec2:${region}:${ownerId}:security-group-rule/${rule.ruleId}`,
  };
}

/** A rule as RevokeSecurityGroupIngress reports it gone: the record an undo needs. */
export function revokedRuleXml(rule: SecurityGroupRule): XmlValue {
  const { peer } = rule;
  return {
    securityGroupRuleId: rule.ruleId,
    groupId: rule.groupId,
    isEgress: rule.isEgress,
    ipProtocol: rule.ipProtocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrIpv4: peer.kind === 'ipv4' ? peer.cidr : undefined,
    cidrIpv6: peer.kind === 'ipv6' ? peer.cidr : undefined,
    prefixListId: peer.kind === 'prefixList' ? peer.prefixListId : undefined,
    referencedGroupId: peer.kind === 'group' ? peer.groupId : undefined,
    description: rule.description,
  };
}

/**
 * The older IpPermission view (DescribeSecurityGroups, UnknownIpPermissions): rules sharing a
 * protocol and port range are folded into one permission listing every source. All-traffic
 * permissions carry no ports at all.
 */
export function permissionsXml(rules: RuleSpec[]): XmlValue {
  const folded = new Map<string, RuleSpec[]>();
  for (const rule of rules) {
    const key = `${rule.ipProtocol}|${rule.fromPort}|${rule.toPort}`;
    folded.set(key, [...(folded.get(key) ?? []), rule]);
  }
  return [...folded.values()].map((group) => {
    const first = group[0] as RuleSpec;
    const withPorts = hasPorts(first.ipProtocol);
    const sources = (kind: RulePeer['kind']) => group.filter((rule) => rule.peer.kind === kind);
    return {
      ipProtocol: first.ipProtocol,
      fromPort: withPorts ? first.fromPort : undefined,
      toPort: withPorts ? first.toPort : undefined,
      groups: sources('group').map((rule) => ({
        description: rule.description,
        userId: rule.peer.kind === 'group' ? rule.peer.userId : undefined,
        groupId: peerLabel(rule.peer),
      })),
      ipRanges: sources('ipv4').map((rule) => ({
        cidrIp: peerLabel(rule.peer),
        description: rule.description,
      })),
      ipv6Ranges: sources('ipv6').map((rule) => ({
        cidrIpv6: peerLabel(rule.peer),
        description: rule.description,
      })),
      prefixListIds: sources('prefixList').map((rule) => ({
        prefixListId: peerLabel(rule.peer),
        description: rule.description,
      })),
    };
  });
}
