import { createHash, randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Deterministic identifiers shaped like AWS's. The nth id of a kind is always the same, so a
 * reseeded world hands out the same ids in the same order and test runs are reproducible.
 */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  /** `sgr-` + 17 hex, `sg-` + 17 hex, `vpc-` + 17 hex. */
  ec2(prefix: string): string {
    return `${prefix}-${this.digest(prefix).toString('hex').slice(0, 17)}`;
  }

  /** IAM unique ids (`AIDA`, `AROA`, `AGPA`, `ANPA` + 17) and access keys (`AKIA`, `ASIA` + 16). */
  iam(prefix: string, length = prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17): string {
    return prefix + this.alphabet(prefix, BASE32, length);
  }

  private alphabet(kind: string, alphabet: string, length: number): string {
    const bytes = this.digest(kind);
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length];
    }
    return out;
  }

  private digest(kind: string): Buffer {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return createHash('sha512').update(`${kind}:${n}`).digest();
  }
}

/**
 * Session credentials are issued at run time, not seeded: they must stay unique across resets,
 * because a client may still hold keys from before one and the token decides where they act.
 */
export function randomCredentials(prefix = 'ASIA'): {
  accessKeyId: string;
  secretAccessKey: string;
} {
  const pick = (alphabet: string, length: number) =>
    Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
  return { accessKeyId: prefix + pick(BASE32, 16), secretAccessKey: pick(BASE64, 40) };
}
