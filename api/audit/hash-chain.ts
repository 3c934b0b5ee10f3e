import { createHash } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/** What the first entry names as its predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields that place an entry in the chain; everything else is the entry's content. */
export interface ChainLink {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level, so the same content always hashes the same
 * whatever order its attributes come back from DynamoDB.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * sha256 of every attribute but `hash` itself. The entry carries its sequence number and its
 * predecessor's hash, so changing, removing or re-ordering any entry breaks every later link.
 */
export function hashOf(entry: Record<string, unknown>): string {
  const { hash: _ignored, ...content } = entry;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * The entry exactly as DynamoDB will hand it back (undefined dropped, numbers as numbers), with
 * its hash. Hashing the round-tripped form is what lets the verifier recompute the same value.
 */
export function seal<T extends object>(
  entry: T & Omit<ChainLink, 'hash'>,
): Record<string, unknown> & ChainLink {
  // What marshall/unmarshall hand back is the entry itself, minus undefined members.
  const stored = unmarshall(marshall(entry, { removeUndefinedValues: true })) as Record<
    string,
    unknown
  > &
    Omit<ChainLink, 'hash'>;
  return { ...stored, hash: hashOf(stored) };
}
