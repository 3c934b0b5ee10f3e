import type { IpPermission } from '@aws-sdk/client-ec2';
import { describePorts, WORLD_IPV4, WORLD_IPV6 } from '../security-group/rules.js';

/** How bad an opening is, in the order a responder fixes them. */
export type ExposureCategory = 'administrative' | 'database' | 'all-traffic' | 'other';

export const CATEGORY_ORDER: readonly ExposureCategory[] = [
  'administrative',
  'database',
  'all-traffic',
  'other',
];

/** Remote administration: a shell or a desktop for whoever reaches it (EC2.13, EC2.14, EC2.53/54). */
export const ADMINISTRATION_PORTS = [22, 3389, 23, 20, 21, 135, 445, 5900];
/** Databases and search engines that answer queries to whoever reaches them (EC2.19). */
export const DATABASE_PORTS = [
  1433, 1434, 1521, 3306, 5432, 6379, 9200, 9300, 27017, 5984, 11211, 4333,
];

/** One world-open ingress permission of a group. */
export interface Exposure {
  category: ExposureCategory;
  /** "tcp 22 (SSH)", "all traffic", "tcp 8000-8100". */
  reach: string;
  protocol: string;
  fromPort: number;
  toPort: number;
  /** 0.0.0.0/0, ::/0 or both. */
  sources: string[];
  /** The administration and database ports this opening covers. */
  criticalPorts: number[];
}

const PROTOCOL_NAMES: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};

/**
 * The openings to the whole internet among a group's permissions, checked here rather than
 * trusted to the Describe filter: a filter narrows the read, the rules decide. A source counts
 * only when it is exactly 0.0.0.0/0 or ::/0, as Security Hub defines "open".
 */
export function exposuresOf(permissions: IpPermission[] | undefined): Exposure[] {
  const found: Exposure[] = [];
  for (const permission of permissions ?? []) {
    const sources = [
      ...(permission.IpRanges ?? []).map((range) => range.CidrIp).filter((c) => c === WORLD_IPV4),
      ...(permission.Ipv6Ranges ?? [])
        .map((range) => range.CidrIpv6)
        .filter((c) => c === WORLD_IPV6),
    ] as string[];
    if (sources.length === 0) continue;
    const raw = permission.IpProtocol ?? '-1';
    const protocol = PROTOCOL_NAMES[raw] ?? raw.toLowerCase();
    const allTraffic = protocol === '-1';
    const withPorts = protocol === 'tcp' || protocol === 'udp';
    const fromPort = allTraffic ? -1 : (permission.FromPort ?? -1);
    const toPort = allTraffic ? -1 : (permission.ToPort ?? -1);
    const covers = (port: number) =>
      allTraffic || (withPorts && fromPort <= port && port <= toPort);
    const admin = ADMINISTRATION_PORTS.filter(covers);
    const database = DATABASE_PORTS.filter(covers);
    const category: ExposureCategory = allTraffic
      ? 'all-traffic'
      : admin.length > 0
        ? 'administrative'
        : database.length > 0
          ? 'database'
          : 'other';
    found.push({
      category,
      reach: describePorts({ protocol, fromPort, toPort }),
      protocol,
      fromPort,
      toPort,
      sources: [...new Set(sources)],
      criticalPorts: [...admin, ...database],
    });
  }
  return found.sort(
    (a, b) =>
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      a.fromPort - b.fromPort,
  );
}

/** Whether an opening lets traffic to `port` in. */
export function exposesPort(exposure: Exposure, port: number): boolean {
  if (exposure.protocol === '-1') return true;
  const withPorts = exposure.protocol === 'tcp' || exposure.protocol === 'udp';
  return withPorts && exposure.fromPort <= port && port <= exposure.toPort;
}

/**
 * The ports closeSecurityGroupPort should close, one call each: every administration and
 * database port an opening covers, and the single port of any other opening. A wide range or
 * all traffic beyond those ports is left for a person to narrow (see `manualReview`).
 */
export function portsToClose(exposures: Exposure[]): number[] {
  const ports: number[] = [];
  for (const exposure of exposures) {
    ports.push(...exposure.criticalPorts);
    const single = exposure.fromPort === exposure.toPort && exposure.fromPort >= 0;
    if (exposure.category === 'other' && single) ports.push(exposure.fromPort);
  }
  return [...new Set(ports)];
}

/** Openings that closing single ports does not fully fix. */
export function manualReview(exposures: Exposure[]): string[] {
  return exposures
    .filter((exposure) => exposure.protocol === '-1' || exposure.fromPort !== exposure.toPort)
    .map((exposure) => exposure.reach);
}
