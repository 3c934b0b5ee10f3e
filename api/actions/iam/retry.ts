import { isAwsError, translateAwsError } from '../../aws/aws-error.js';

/**
 * IAM answers these while another change to the same entity is settling (a login profile being
 * created, a concurrent edit); waiting briefly succeeds. Throttling is retried by the SDK itself.
 */
const TRANSIENT = ['EntityTemporarilyUnmodifiable', 'ConcurrentModification'];
const DELAYS_MS = [200, 500, 1000];

/** Runs an IAM write, retrying transient conflicts a bounded number of times. */
export async function withIamRetry<T>(operation: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = DELAYS_MS[attempt];
      if (delay === undefined || !isAwsError(error, ...TRANSIENT)) {
        throw translateAwsError(operation, error);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Removes one item. NoSuchEntity means someone (or an earlier run) removed it already: the goal of
 * the step is met, so it counts as done. Answers whether this call removed it.
 */
export async function removeItem(
  operation: string,
  call: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await withIamRetry(operation, call);
    return true;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return false;
    throw error;
  }
}
