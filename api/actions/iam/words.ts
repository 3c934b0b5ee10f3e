import type { AccessKeyView } from './credentials.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "12 Mar 2025", in UTC so every reader sees the same day as CloudTrail. */
export function day(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "3 days ago", "5 hours ago", "2 years ago": how long before `now`. */
export function ago(date: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  const units: Array<[string, number]> = [
    ['year', 525_600],
    ['month', 43_200],
    ['day', 1_440],
    ['hour', 60],
    ['minute', 1],
  ];
  for (const [unit, size] of units) {
    const count = Math.floor(minutes / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

/** "1 access key", "2 access keys". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "a, b and c". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * "Access key AKIA… (active, created 12 Mar 2025) was last used 3 days ago for s3 in us-east-1".
 * The full key id is kept: it is not a secret, and it is what investigators search CloudTrail for.
 */
export function describeKey(key: AccessKeyView, now: Date): string {
  const created = key.createDate ? `, created ${day(key.createDate)}` : '';
  const head = `Access key ${key.accessKeyId} (${key.status.toLowerCase()}${created})`;
  return `${head} ${describeLastUse(key, now)}`;
}

/** "access key AKIA… (active, created 12 Mar 2025, last used 16 Jun 2025 for s3 in us-east-1)". */
export function keyLabel(key: AccessKeyView): string {
  const facts = [key.status.toLowerCase()];
  if (key.createDate) facts.push(`created ${day(key.createDate)}`);
  if (key.lastUsed) {
    const service = key.lastUsed.serviceName ? ` for ${key.lastUsed.serviceName}` : '';
    const region = key.lastUsed.region ? ` in ${key.lastUsed.region}` : '';
    facts.push(`last used ${day(key.lastUsed.date)}${service}${region}`);
  } else {
    facts.push('never used');
  }
  return `access key ${key.accessKeyId} (${facts.join(', ')})`;
}

export function describeLastUse(key: AccessKeyView, now: Date): string {
  if (!key.lastUsed) return 'has never been used';
  const where = [
    key.lastUsed.serviceName ? ` for ${key.lastUsed.serviceName}` : '',
    key.lastUsed.region ? ` in ${key.lastUsed.region}` : '',
  ].join('');
  return `was last used ${ago(key.lastUsed.date, now)} (${day(key.lastUsed.date)})${where}`;
}
