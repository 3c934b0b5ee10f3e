import { EVERY_ALLOWED_ACCOUNT, type Target } from '../actions/define.js';
import type { LockHolder } from '../audit/resource-lock.js';
import type { Config } from '../config.js';

/** The resource in words: "security group sg-1 in account 2222… in us-east-1". */
export function describeTarget(target: Target): string {
  const where = target.region ? `${target.accountId} in ${target.region}` : target.accountId;
  return `${target.resourceType} ${target.resourceId} in account ${where}`;
}

/**
 * Why this deployment may not act on the target, or undefined. The answer does not list the
 * allowed accounts: whoever asks learns only that this one is not among them.
 */
export function targetRefusal(
  config: Config,
  target: Target,
  allowedAccounts: readonly string[],
): string | undefined {
  const anyAccount = target.accountId === EVERY_ALLOWED_ACCOUNT;
  if (!anyAccount && !allowedAccounts.includes(target.accountId)) {
    return `Nothing was done: account ${target.accountId} is not one this API may act in. Check the account id; if this API should act there, ask the team that runs it to add the account.`;
  }
  if (target.region && !config.allowedRegions.includes(target.region)) {
    return `Nothing was done: region ${target.region} is not one this API may act in (it acts in ${config.allowedRegions.join(', ')}). Check the region; if this API should act there, ask the team that runs it to add the region.`;
  }
  return undefined;
}

/** The organisation's account list could not be read, so nothing can be checked against it. */
export const ALLOW_LIST_UNAVAILABLE =
  "Nothing was done: this API could not read the organisation's list of accounts, which decides where it may act. Try again in a minute; if it keeps failing, tell the team that runs this API.";

export function busy(target: Target, holder: LockHolder | undefined): string {
  const who = holder
    ? `remediation ${holder.remediationId} (${holder.operation}, asked by ${holder.requesterName})`
    : 'another remediation';
  const follow = holder
    ? `ask to show remediation ${holder.remediationId} to see how it ended`
    : 'ask to list recent remediations to see how it ended';
  return `Nothing was changed: ${who} is changing ${describeTarget(target)} right now. Wait for it to finish, ${follow}, and send this request again if it is still needed.`;
}

export function lockUnavailable(target: Target): string {
  return `Nothing was changed: this API could not make sure no other request is changing ${describeTarget(target)} at the same moment, so it did not start. Try again in a minute.`;
}

export const NOT_RECORDED =
  'Nothing was done: the audit trail could not be written, and this API never changes anything without first recording who asked and why. Try again in a few minutes; if it keeps failing, tell the team that runs this API.';

export const UNEXPECTED =
  'The request stopped on an unexpected error; the service log has the details.';

export function completionNotRecorded(requestId: string): string {
  return `Warning: the result could not be added to the audit trail; the service log keeps it under request id ${requestId}.`;
}

export function tookOver(earlierId: string): string {
  return `An earlier request with this Idempotency-Key (remediation ${earlierId}) stopped without a recorded result; this run started again from the current state.`;
}

export function planRequired(): string {
  return 'Nothing was changed: through this door a change runs only as a plan you have seen. Send the same request with dryRun set to true, check the steps it answers, then send it again with dryRun false and the planId that dry run gave.';
}

export function planUnknown(windowMinutes: number): string {
  return `Nothing was changed: the planId does not match a dry run of this request by you in the last ${windowMinutes} minutes. Send the same request with dryRun set to true for a fresh plan, then run it with the planId it answers.`;
}

/** `summary` is what the new plan would do. */
export function planChanged(summary: string): string {
  return `Nothing was changed: AWS changed since the plan was shown, so it no longer takes the same steps. The new plan: ${summary} Check the steps below; to carry them out, send the request again with the new planId.`;
}
