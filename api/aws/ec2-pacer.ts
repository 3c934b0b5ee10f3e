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
  /**
   * Only the account, Region and kind of call EC2 has refused are here, each with the time its
   * next call may go: calls are given slots one refill interval apart, in the order they come,
   * so no call waits behind later ones and none wakes only to find its token taken.
   */
  private readonly schedules = new Map<string, { nextAt: number }>();

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
          if ((error as { name?: string }).name === 'RequestLimitExceeded') this.drain(key, kind);
          throw error;
        }
      },
      // After the retry middleware, so every attempt takes its slot.
      { step: 'finalizeRequest', priority: 'low', name: 'ec2Pacer' },
    );
  }

  private interval(kind: Kind): number {
    return 1000 / (BUCKETS[kind].refillPerSecond * this.refillScale);
  }

  private async take(key: string, kind: Kind): Promise<void> {
    const schedule = this.schedules.get(key);
    if (!schedule) return;
    const interval = this.interval(kind);
    const now = performance.now();
    if (now - schedule.nextAt >= BUCKETS[kind].capacity * interval) {
      // Unused long enough for EC2's bucket to have filled again: back to unpaced.
      this.schedules.delete(key);
      return;
    }
    const slot = Math.max(now, schedule.nextAt);
    schedule.nextAt = slot + interval;
    if (slot > now) await sleep(slot - now);
  }

  /** EC2 refused a call: its bucket is empty now, so the next token comes one interval later. */
  private drain(key: string, kind: Kind): void {
    const next = performance.now() + this.interval(kind);
    const schedule = this.schedules.get(key);
    if (schedule) schedule.nextAt = Math.max(schedule.nextAt, next);
    else this.schedules.set(key, { nextAt: next });
  }
}
