import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';

/** An ingress rule reduced to what matching and restoring need. */
export interface IngressRule {
  ruleId: string;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all traffic) or another protocol number. */
  protocol: string;
  fromPort: number;
  toPort: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  description?: string;
}

/** A rule to create: one protocol, one port range, one world source. */
export interface RuleSpec {
  protocol: string;
  fromPort: number;
  toPort: number;
  source: string;
  description?: string;
}

export const WORLD_IPV4 = '0.0.0.0/0';
export const WORLD_IPV6 = '::/0';

// EC2 reports protocol numbers for tcp, udp and icmp as names, but rules created by number
// (6, 17) are accepted by the API, so both spellings are handled.
const PROTOCOL_NAMES: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};
const normalizeProtocol = (protocol: string) => PROTOCOL_NAMES[protocol] ?? protocol.toLowerCase();

export function fromAwsRule(rule: SecurityGroupRule): IngressRule | undefined {
  if (rule.IsEgress || !rule.SecurityGroupRuleId) return undefined;
  return {
    ruleId: rule.SecurityGroupRuleId,
    protocol: normalizeProtocol(rule.IpProtocol ?? '-1'),
    fromPort: rule.FromPort ?? -1,
    toPort: rule.ToPort ?? -1,
    ...(rule.CidrIpv4 ? { cidrIpv4: rule.CidrIpv4 } : {}),
    ...(rule.CidrIpv6 ? { cidrIpv6: rule.CidrIpv6 } : {}),
    ...(rule.Description ? { description: rule.Description } : {}),
  };
}

/** The source of a rule, when it is a CIDR. */
export function sourceOf(rule: IngressRule): string | undefined {
  return rule.cidrIpv4 ?? rule.cidrIpv6;
}

/** Open to the world as Security Hub's EC2.13/EC2.53 define it: the source is exactly 0.0.0.0/0 or ::/0. */
export function isWorldOpen(rule: IngressRule): boolean {
  return rule.cidrIpv4 === WORLD_IPV4 || rule.cidrIpv6 === WORLD_IPV6;
}

const isAllTraffic = (rule: { protocol: string }) => rule.protocol === '-1';
const isPortProtocol = (rule: { protocol: string }) =>
  rule.protocol === 'tcp' || rule.protocol === 'udp';

/** Whether traffic to `port` over tcp or udp passes this rule. */
export function coversPort(rule: IngressRule, port: number): boolean {
  if (isAllTraffic(rule)) return true;
  return isPortProtocol(rule) && rule.fromPort <= port && port <= rule.toPort;
}

/**
 * What the rule allowed besides `port`, as rules to re-create so that closing one port closes
 * only that port. All traffic becomes tcp and udp around the port plus ICMP; other IP protocols
 * (ESP, GRE, ...) cannot be listed one by one within the rules quota and are reported as closed.
 */
export function remainderOf(rule: IngressRule, port: number): RuleSpec[] {
  const source = sourceOf(rule);
  if (!source) return [];
  const base = rule.description ? { source, description: rule.description } : { source };
  const around = (protocol: string, from: number, to: number): RuleSpec[] => [
    ...(from < port ? [{ protocol, fromPort: from, toPort: port - 1, ...base }] : []),
    ...(port < to ? [{ protocol, fromPort: port + 1, toPort: to, ...base }] : []),
  ];
  if (isAllTraffic(rule)) {
    const icmp = rule.cidrIpv6 ? 'icmpv6' : 'icmp';
    return [
      ...around('tcp', 0, 65535),
      ...around('udp', 0, 65535),
      { protocol: icmp, fromPort: -1, toPort: -1, ...base },
    ];
  }
  return around(rule.protocol, rule.fromPort, rule.toPort);
}

/** True when an existing rule already is this spec (so creating it again would be a duplicate). */
export function sameRule(rule: IngressRule, spec: RuleSpec): boolean {
  return (
    rule.protocol === spec.protocol &&
    rule.fromPort === spec.fromPort &&
    rule.toPort === spec.toPort &&
    sourceOf(rule) === spec.source
  );
}

/** The EC2 API shape of a rule spec, for AuthorizeSecurityGroupIngress. */
export function toIpPermission(spec: RuleSpec): IpPermission {
  const range = spec.description ? { Description: spec.description } : {};
  return {
    IpProtocol: spec.protocol,
    FromPort: spec.fromPort,
    ToPort: spec.toPort,
    ...(spec.source.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: spec.source, ...range }] }
      : { IpRanges: [{ CidrIp: spec.source, ...range }] }),
  };
}

const WELL_KNOWN: Record<number, string> = {
  20: 'FTP data',
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  25: 'SMTP',
  80: 'HTTP',
  135: 'Windows RPC',
  443: 'HTTPS',
  445: 'SMB',
  1433: 'SQL Server',
  3306: 'MySQL',
  3389: 'Remote Desktop',
  5432: 'PostgreSQL',
  5900: 'VNC',
  6379: 'Redis',
  9200: 'Elasticsearch',
  27017: 'MongoDB',
};

/** Ports that give control of a machine or a database when reachable from the internet (NET-02). */
export const ADMINISTRATIVE_PORTS = [
  20, 21, 22, 23, 135, 445, 1433, 3306, 3389, 5432, 5900, 6379, 9200, 27017,
];

/** "tcp 22 (SSH)", "udp 0-21", "all traffic", "icmp": how an analyst reads a rule's reach. */
export function describePorts(rule: {
  protocol: string;
  fromPort: number;
  toPort: number;
}): string {
  if (isAllTraffic(rule)) return 'all traffic';
  if (!isPortProtocol(rule)) return rule.protocol;
  if (rule.fromPort === 0 && rule.toPort === 65535) return `all ${rule.protocol} ports`;
  if (rule.fromPort === rule.toPort) {
    const name = WELL_KNOWN[rule.fromPort];
    return `${rule.protocol} ${rule.fromPort}${name ? ` (${name})` : ''}`;
  }
  return `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}

export function describeSource(source: string | undefined): string {
  if (source === WORLD_IPV4) return 'anywhere (IPv4)';
  if (source === WORLD_IPV6) return 'anywhere (IPv6)';
  return source ?? 'another security group or prefix list';
}

/** The administrative ports a rule exposes. */
export function administrativePortsIn(rule: IngressRule): number[] {
  return ADMINISTRATIVE_PORTS.filter((port) => coversPort(rule, port));
}
