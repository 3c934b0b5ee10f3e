import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InputError } from '../errors.js';
import { canonicalJson } from './hash-chain.js';

/**
 * `nextToken` is opaque to callers: the DynamoDB key to resume from, tied to the filters it was
 * issued for, so a token cannot be replayed against another listing by mistake.
 */
export function encodePageToken(filters: unknown, key: Record<string, AttributeValue>): string {
  const token = { f: fingerprint(filters), k: unmarshall(key) };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodePageToken(filters: unknown, token: string): Record<string, AttributeValue> {
  let parsed: { f?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('nextToken is not one this API issued; drop it to start from the newest.');
  }
  if (!parsed || typeof parsed.k !== 'object' || parsed.k === null) {
    throw new InputError('nextToken is not one this API issued; drop it to start from the newest.');
  }
  if (parsed.f !== fingerprint(filters)) {
    throw new InputError(
      'nextToken belongs to a listing with other filters; repeat the same filters, or drop nextToken to start again.',
    );
  }
  return marshall(parsed.k as Record<string, unknown>, { removeUndefinedValues: true });
}

function fingerprint(filters: unknown): string {
  return createHash('sha256').update(canonicalJson(filters)).digest('base64url').slice(0, 16);
}
