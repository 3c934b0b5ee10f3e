import { createHash } from 'node:crypto';

/**
 * A small seeded generator (mulberry32): the same seed always draws the same numbers, so the
 * generated estate is the same on every start, in every test and in the benchmark.
 */
export class Random {
  private state: number;

  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of the keys, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = this.next() * total;
    for (const [key, weight] of entries) {
      draw -= weight;
      if (draw < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }
}

/**
 * An AWS-shaped id that depends only on its name: `sg-` + 17 hex, `i-` + 17 hex, ... A plain
 * string hash rather than SHA: an estate draws ten thousand ids and none of them is a secret.
 */
export function stableId(prefix: string, name: string, length = 17): string {
  const hex =
    cyrb53(name, 1).toString(16).padStart(14, '0') + cyrb53(name, 2).toString(16).padStart(14, '0');
  return `${prefix}-${hex.slice(0, length)}`;
}

/** cyrb53 (public domain): a fast 53-bit string hash with good spread. */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 12-digit account id that depends only on its name and never starts with 0. */
export function stableAccountId(name: string): string {
  const digits = BigInt(`0x${createHash('sha1').update(name).digest('hex').slice(0, 15)}`);
  return String(100000000000n + (digits % 900000000000n));
}
