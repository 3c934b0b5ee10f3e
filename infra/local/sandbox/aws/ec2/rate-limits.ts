import type { QueryParams } from '../params.js';

/** A bucket's size and how many tokens come back each second. */
export interface BucketSize {
  capacity: number;
  refillPerSecond: number;
}

export type BucketKind = 'mutating' | 'securityGroupIngress' | 'nonMutating' | 'unfilteredDescribe';

/**
 * EC2's request token buckets, per account and Region (EC2 API reference, "Request throttling":
 * request token bucket sizes and refill rates). Each request takes one token from its bucket;
 * an empty bucket answers RequestLimitExceeded and takes nothing.
 */
export const EC2_BUCKETS: Record<BucketKind, BucketSize> = {
  mutating: { capacity: 50, refillPerSecond: 5 },
  // Authorize/RevokeSecurityGroupIngress have a bucket of their own.
  securityGroupIngress: { capacity: 50, refillPerSecond: 5 },
  nonMutating: { capacity: 100, refillPerSecond: 20 },
  // Describe calls with neither filters, ids nor pagination.
  unfilteredDescribe: { capacity: 50, refillPerSecond: 10 },
};

const NON_MUTATING = /^(Describe|Get|List)/;
const INGRESS = new Set(['AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress']);
/** Any of these narrows a Describe call: filters, ids, or pagination. */
const NARROWING = /^(Filter\.|MaxResults$|NextToken$|\w+Id\.\d+$|\w+Ids\.\d+$)/;

export function bucketOf(action: string, params: QueryParams): BucketKind {
  if (INGRESS.has(action)) return 'securityGroupIngress';
  if (!NON_MUTATING.test(action)) return 'mutating';
  const narrowed = Object.keys(params.toRecord()).some((name) => NARROWING.test(name));
  return narrowed ? 'nonMutating' : 'unfilteredDescribe';
}

export interface RateLimitOptions {
  /** Start with empty buckets, as when another tool just spent them (steady state at once). */
  startEmpty?: boolean;
  /**
   * Multiplies every refill rate (default 1, AWS's rates). Below 1 the buckets' ceiling comes
   * within what one small machine can drive, so the bench can tell a job that leaves bucket
   * capacity unused from a machine too slow to reach it. Never a figure for AWS's real rates.
   */
  scale?: number;
}

/** The refill scale a knob may set: a positive number, at most AWS's own rates. */
export function checkedScale(scale: unknown): number {
  if (scale === undefined) return 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new TypeError('rate-limits "scale" must be a number above 0 and at most 1');
  }
  return scale;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Every account and Region's buckets, filled at the documented rate as time passes. */
export class Ec2RateLimits {
  private readonly buckets = new Map<string, Bucket>();
  /** Requests let through and refused, per bucket kind (the bench reads them). */
  readonly counts: Record<BucketKind, { allowed: number; throttled: number }> = {
    mutating: { allowed: 0, throttled: 0 },
    securityGroupIngress: { allowed: 0, throttled: 0 },
    nonMutating: { allowed: 0, throttled: 0 },
    unfilteredDescribe: { allowed: 0, throttled: 0 },
  };

  private readonly scale: number;

  constructor(
    readonly options: RateLimitOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.scale = checkedScale(options.scale);
  }

  /** Takes a token for the call; false when its bucket is empty (the call must be refused). */
  take(accountId: string, region: string, kind: BucketKind): boolean {
    const size = EC2_BUCKETS[kind];
    const key = `${accountId}/${region}/${kind}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? {
      tokens: this.options.startEmpty ? 0 : size.capacity,
      at: now,
    };
    bucket.tokens = Math.min(
      size.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * size.refillPerSecond * this.scale,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      this.counts[kind].throttled++;
      return false;
    }
    bucket.tokens -= 1;
    this.counts[kind].allowed++;
    return true;
  }
}
