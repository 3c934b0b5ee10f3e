import { setTimeout as sleep } from 'node:timers/promises';
import type { EC2Client } from '@aws-sdk/client-ec2';

/** EC2's request token buckets per account and Region (see the sizes in the throttling reference). */
const BUCKETS = {
  mutating: { capacity: 50, refillPerSecond: 5 },
  securityGroupIngress: { capacity: 50, refillPerSecond: 5 },
  nonMutating: { capacity: 100, refillPerSecond: 20 },
} as const;
type Kind = keyof typeof BUCKETS;

const INGRESS = /^(Authorize|Revoke)SecurityGroupIngress/;
const NON_MUTATING = /^(Describe|Get|List)/;

function kindOf(commandName: string): Kind {
  if (INGRESS.test(commandName)) return 'securityGroupIngress';
  return NON_MUTATING.test(commandName) ? 'nonMutating' : 'mutating';
}

/**
 * Paces this process's EC2 calls to one account and Region at the rate EC2 refills its token
 * buckets, so a bulk job's requests wait their turn here instead of being refused and backing
 * off in the SDK (whose exponential back-off and adaptive rate both leave the bucket idle for
 * seconds after each refusal). It starts from full buckets; when EC2 refuses a call anyway
 * (another caller spent tokens), the local bucket is emptied to match. Every call still has the
 * SDK's retries. Our own describes always pass filters or ids, so none falls in the unfiltered
 * bucket.
 */
export class Ec2Pacer {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Adds the pacing to a client of one account and Region, before each attempt the SDK makes. */
  attach(client: EC2Client, accountId: string, region: string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const kind = kindOf(context.commandName ?? '');
        const key = `${accountId}/${region}/${kind}`;
        await this.take(key, kind);
        try {
          return await next(args);
        } catch (error) {
          if ((error as { name?: string }).name === 'RequestLimitExceeded') this.drain(key);
          throw error;
        }
      },
      // After the retry middleware, so every attempt takes its token.
      { step: 'finalizeRequest', priority: 'low', name: 'ec2Pacer' },
    );
  }

  private async take(key: string, kind: Kind): Promise<void> {
    const size = BUCKETS[kind];
    for (;;) {
      const now = performance.now();
      const bucket = this.buckets.get(key) ?? { tokens: size.capacity, at: now };
      bucket.tokens = Math.min(
        size.capacity,
        bucket.tokens + ((now - bucket.at) / 1000) * size.refillPerSecond,
      );
      bucket.at = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - bucket.tokens) / size.refillPerSecond) * 1000));
    }
  }

  private drain(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(bucket.tokens, 0);
  }
}
