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
 * Paces this process's EC2 calls to one account and Region once EC2 has refused one with
 * RequestLimitExceeded, at the rate EC2 refills its token buckets, so a bulk job's requests wait
 * their turn here instead of being refused and backing off in the SDK (whose exponential back-off
 * and adaptive rate both leave the bucket idle for seconds after each refusal). Until EC2 refuses,
 * nothing is paced: AWS raises these limits for many accounts, and a model of the documented
 * defaults must not cap an account that is allowed more. The pacing ends when the modelled bucket
 * would be full again. Every call still has the SDK's retries.
 */
export class Ec2Pacer {
  /** Only the account, Region and kind of call EC2 has refused are here. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * `refillScale` multiplies the modelled refill rates: 1 (AWS's) everywhere but a sandbox whose
   * buckets are scaled down the same way (the bench's scaled run), where AWS's rates would pace
   * ten times too fast.
   */
  constructor(private readonly refillScale = 1) {}

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
      const bucket = this.buckets.get(key);
      if (!bucket) return;
      const now = performance.now();
      bucket.tokens = Math.min(
        size.capacity,
        bucket.tokens + ((now - bucket.at) / 1000) * size.refillPerSecond * this.refillScale,
      );
      bucket.at = now;
      if (bucket.tokens >= size.capacity) {
        // EC2's bucket has had time to fill again: back to unpaced.
        this.buckets.delete(key);
        return;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      await sleep(
        Math.ceil(((1 - bucket.tokens) / (size.refillPerSecond * this.refillScale)) * 1000),
      );
    }
  }

  /** EC2 refused a call: its bucket is empty now, so ours is too. */
  private drain(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(bucket.tokens, 0);
    else this.buckets.set(key, { tokens: 0, at: performance.now() });
  }
}
