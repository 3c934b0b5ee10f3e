import { describePorts } from '../security-group/rules.js';
import type { ExposedGroupView, FindExposedOutput } from './action.js';

interface Facts {
  /** Every open group this call found, listed on this page or not. */
  found: ExposedGroupView[];
  /** How many of them this page lists. */
  listed: number;
  port: number | undefined;
  scanned: number;
  notScanned: FindExposedOutput['notScanned'];
  unreachable: FindExposedOutput['unreachable'];
  /** A nextToken follows. */
  more: boolean;
  /** This answer continues an earlier one: its counts cover what was left. */
  continued: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "SSH (port 22)", "port 8080". */
function portWords(port: number): string {
  const name = /\((.+)\)$/.exec(describePorts({ protocol: 'tcp', fromPort: port, toPort: port }));
  return name ? `${name[1]} (port ${port})` : `port ${port}`;
}

/**
 * The answer in sentences an analyst can read aloud: how many groups, in how many accounts, leave
 * what open; how many are protected; and what was not scanned, so a partial answer never reads
 * as a complete one.
 */
export function summarize(facts: Facts): string {
  const { found: groups, port } = facts;
  const what = port === undefined ? 'something' : portWords(port);
  const accounts = new Set(groups.map((group) => group.accountId)).size;
  const sentences: string[] = [];
  if (groups.length === 0) {
    sentences.push(
      `No security group leaves ${what} open to the internet in the ${plural(facts.scanned, 'account and Region pair')} scanned${facts.more ? ' so far' : ''}.`,
    );
  } else {
    const lead = `${facts.continued ? 'In the rest of the scan, ' : ''}${plural(groups.length, 'security group')} in ${plural(accounts, 'account')} ${groups.length === 1 ? 'leaves' : 'leave'} ${what} open to the internet`;
    sentences.push(port === undefined ? `${lead}: ${breakdown(groups)}.` : `${lead}.`);
    const protectedCount = groups.filter((group) => group.protected).length;
    if (protectedCount > 0) {
      sentences.push(
        `${plural(protectedCount, 'of them is', 'of them are')} protected and will not be changed by this API.`,
      );
    }
  }
  sentences.push(`Scanned ${plural(facts.scanned, 'account and Region pair')}.`);
  if (facts.notScanned.length > 0) {
    const pairs = facts.notScanned.map((pair) => `${pair.accountId} ${pair.region}`);
    sentences.push(
      `Not scanned yet: ${pairs.slice(0, 5).join(', ')}${pairs.length > 5 ? ` and ${pairs.length - 5} more` : ''}.`,
    );
  }
  if (facts.unreachable.length > 0) {
    const accounts = [...new Set(facts.unreachable.map((pair) => pair.accountId))];
    sentences.push(
      accounts.length === 1
        ? `Not read: ${facts.unreachable[0]?.reason}`
        : `This API cannot read ${accounts.length} accounts (${accounts.join(', ')}); each is named with the reason in unreachable.`,
    );
  }
  if (facts.listed < groups.length) {
    sentences.push(`This answer lists ${facts.listed} of them; nextToken lists the rest.`);
  }
  if (facts.more && facts.notScanned.length > 0) sentences.push('Continue with nextToken.');
  return sentences.join(' ');
}

/** Each group counted once, by the worst thing it leaves open. */
function breakdown(groups: ExposedGroupView[]): string {
  const counts = { administrative: 0, database: 0, 'all-traffic': 0, other: 0 };
  for (const group of groups) {
    const worst = group.exposures[0]?.category;
    if (worst) counts[worst]++;
  }
  const parts = [
    counts.administrative > 0 &&
      `${counts.administrative} remote administration (SSH, Remote Desktop and the like)`,
    counts.database > 0 && `${counts.database} databases`,
    counts['all-traffic'] > 0 && `${counts['all-traffic']} all traffic`,
    counts.other > 0 && `${counts.other} other ports only`,
  ].filter(Boolean) as string[];
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? '');
}
