import { Check } from 'typebox/schema';
import { region as regionField } from '../actions/fields.js';

/**
 * Where trail entries live in the audit table (partition key `chain`, sort key `seq`).
 *
 * Each account and Region's remediations form their own hash chain (IAM's, being global, one per
 * account), so writers acting in different places (a bulk job's lanes, one per account and Region)
 * never race for the same sequence number. A separate index chain records every chain when it is
 * opened and, now and then, a chain's head: deleting a whole chain, or rewriting one and re-linking
 * it, also breaks the index.
 */

/** The one chain every record went to before the trail was split; still verified. */
export const LEGACY_CHAIN = 'trail';
/** The chain of chain heads. */
export const INDEX_CHAIN = 'trail-index';

/** Every chain of remediation records starts with this. */
export const ACCOUNT_CHAIN_PREFIX = 'trail#';
/**
 * The chain of requests that never reached a place this API may act in (refused for their scope,
 * group or account, or an unvalidated body), and of an unusable account or Region.
 */
const OTHER = 'other';
const GLOBAL = 'global';

/**
 * The chain of a request's records. The pipeline names a place only once the allow-list let it
 * through; even so, anything but a 12-digit account and a Region-shaped name goes to the one
 * shared chain rather than opening a chain per made-up value.
 */
export function accountChain(accountId: unknown, region?: unknown): string {
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    return `${ACCOUNT_CHAIN_PREFIX}${OTHER}`;
  }
  const place =
    region === undefined || region === '' ? GLOBAL : Check(regionField, region) ? region : OTHER;
  return `${ACCOUNT_CHAIN_PREFIX}${accountId}#${place}`;
}

/** The account a chain of records belongs to, or undefined for the legacy, index and other chains. */
export function accountOfChain(chain: string): string | undefined {
  return /^trail#(\d{12})#/.exec(chain)?.[1];
}

/**
 * The item that remembers a chain's newest entry, so removing the latest entries is noticed (a
 * gap-free chain that simply ends early looks intact otherwise).
 */
export function headPointerOf(chain: string): { chain: string; seq: number } {
  return { chain: chain === LEGACY_CHAIN ? 'trail-head' : `head#${chain}`, seq: 0 };
}

/** How a chain is named to a person. */
export function chainLabel(chain: string): string {
  const account = accountOfChain(chain);
  const place = chain.split('#')[2];
  if (account && place === GLOBAL) return `account ${account}'s chain for global resources (IAM)`;
  if (account && place !== OTHER) return `account ${account}'s chain in ${place}`;
  if (account) return `account ${account}'s chain for requests without a valid Region`;
  if (chain === INDEX_CHAIN) return 'the index of chains';
  if (chain === LEGACY_CHAIN) return 'the chain written before the trail was split';
  return 'the chain of requests refused before reaching an account this API may act in';
}
