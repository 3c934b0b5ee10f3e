import type { Random } from './random.js';

/** One ingress rule as the generator draws it. */
export interface RuleDraw {
  protocol: 'tcp' | 'udp' | '-1';
  from: number;
  to: number;
  source: string;
}

/**
 * The ways a generated group is open to the internet, with how often each is drawn. They mirror
 * what Security Hub flags (EC2.13/14/19/53/54) plus the intentional-looking web tier, so a scan
 * has every ordering case: admin, database, all-traffic and the rest.
 */
export const EXPOSURE_WEIGHTS = {
  ssh: 28,
  rdp: 12,
  database: 18,
  allTraffic: 8,
  web: 18,
  other: 16,
} as const;

export type ExposureKind = keyof typeof EXPOSURE_WEIGHTS;

const DATABASE_PORTS = [3306, 5432, 1433, 1521, 27017, 6379, 9200];
const OTHER_PORTS: Array<[RuleDraw['protocol'], number, number]> = [
  ['tcp', 8080, 8080],
  ['tcp', 8443, 8443],
  ['tcp', 3000, 3000],
  ['tcp', 5601, 5601],
  ['tcp', 25, 25],
  ['tcp', 8000, 8100],
  ['udp', 500, 500],
];

/** Name prefixes that read like what the group is for. */
export const NAMES: Record<ExposureKind | 'clean', readonly string[]> = {
  ssh: ['bastion', 'jump-host', 'admin-ssh'],
  rdp: ['windows-rdp', 'terminal-server'],
  database: ['db', 'cache', 'search'],
  allTraffic: ['legacy', 'temp-debug'],
  web: ['web', 'public-alb'],
  other: ['app', 'grafana', 'ci-runner', 'mail-relay'],
  clean: ['internal-api', 'worker', 'batch', 'etl', 'service-mesh'],
};

const world = (random: Random, ipv6Share = 0.3): string[] =>
  random.chance(ipv6Share) ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0'];

export function exposureRules(kind: ExposureKind, random: Random): RuleDraw[] {
  const open = (protocol: RuleDraw['protocol'], from: number, to: number, sources: string[]) =>
    sources.map((source) => ({ protocol, from, to, source }));
  switch (kind) {
    case 'ssh':
      return open('tcp', 22, 22, world(random, 0.4));
    case 'rdp':
      return open('tcp', 3389, 3389, world(random));
    case 'database': {
      const port = random.pick(DATABASE_PORTS);
      return open('tcp', port, port, world(random, 0.2));
    }
    case 'allTraffic':
      return open('-1', -1, -1, random.chance(0.2) ? ['::/0'] : ['0.0.0.0/0']);
    case 'web':
      return [...open('tcp', 443, 443, world(random)), ...open('tcp', 80, 80, ['0.0.0.0/0'])];
    case 'other': {
      const [protocol, from, to] = random.pick(OTHER_PORTS);
      return open(protocol, from, to, world(random, 0.2));
    }
  }
}

/** What a clean group allows: private ranges only. */
export function privateRules(random: Random): RuleDraw[] {
  const ranges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '10.20.0.0/16'];
  const ports = [443, 22, 8080, 5432, 6379, 3306];
  return Array.from({ length: random.int(1, 3) }, () => {
    const port = random.pick(ports);
    return { protocol: 'tcp' as const, from: port, to: port, source: random.pick(ranges) };
  }).filter(
    (rule, index, all) =>
      all.findIndex((other) => other.from === rule.from && other.source === rule.source) === index,
  );
}
