import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InputError } from '../../errors.js';

/** One account and region still to scan; `skip` groups of it were already listed. */
export interface Unit {
  accountId: string;
  region: string;
  skip: number;
}

interface Payload {
  v: 1;
  /** The filters the scan was asked with: a token continues only the same question. */
  q: string;
  u: Array<[string, string, number]>;
}

/**
 * The nextToken: what is left of the scan, compressed. It is opaque to callers, and nothing in it
 * is trusted: the units are checked against the allow-list again on every page.
 */
export function writeCursor(question: string, units: Unit[]): string {
  const payload: Payload = {
    v: 1,
    q: question,
    u: units.map((unit) => [unit.accountId, unit.region, unit.skip]),
  };
  return deflateRawSync(JSON.stringify(payload)).toString('base64url');
}

export function readCursor(token: string, question: string): Unit[] {
  let payload: Payload;
  try {
    payload = JSON.parse(inflateRawSync(Buffer.from(token, 'base64url')).toString('utf8'));
  } catch {
    throw new InputError(
      'nextToken is not one this API gave: send the nextToken of the previous answer as it was, or leave it out to start the scan again.',
    );
  }
  const valid =
    payload?.v === 1 &&
    Array.isArray(payload.u) &&
    payload.u.every(
      (unit) =>
        Array.isArray(unit) &&
        /^\d{12}$/.test(String(unit[0])) &&
        typeof unit[1] === 'string' &&
        Number.isInteger(unit[2]) &&
        unit[2] >= 0,
    );
  if (!valid) {
    throw new InputError(
      'nextToken is not one this API gave: send the nextToken of the previous answer as it was, or leave it out to start the scan again.',
    );
  }
  if (payload.q !== question) {
    throw new InputError(
      'nextToken continues a scan asked with other filters: send the same accountId, region and port as the first request, or leave nextToken out to start again.',
    );
  }
  return payload.u.map(([accountId, region, skip]) => ({ accountId, region, skip }));
}
