import type { WriteAction } from '../actions/define.js';
import type { CompletionRecord, IntentRecord } from '../audit/record.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import type { Requester } from '../auth/requester.js';
import type { Outcome, OutcomeFrame } from './outcome.js';
import { keyText, recordedInput } from './recorded-input.js';

export interface Attempt {
  action: WriteAction;
  /** The body as received: validated, or (for a caller without the scope) not. */
  input: Record<string, unknown>;
  requester: Requester;
  origin: RequestOrigin;
  idempotencyKey?: string;
  /** Set on an undo, once its input is known to be valid. */
  undoOf?: string;
  /** A real run confirmed by a plan offered earlier. */
  plan?: { planId: string; offeredBy: string };
  /** Set once the allow-list let the target through: its records go to the target's chain. */
  placeAllowed?: boolean;
}

/**
 * Written before the first AWS call. Every field comes from the frame or is bounded here, since a
 * refused attempt's body was never validated and the record must still store.
 */
export function intentRecord(attempt: Attempt, frame: OutcomeFrame): IntentRecord {
  const { action, input, requester, origin } = attempt;
  const { target } = frame;
  const text = (value: unknown) =>
    typeof value === 'string' && value !== '' ? keyText(value) : undefined;
  const undoOf = attempt.undoOf;
  return {
    recordType: 'intent',
    remediationId: frame.remediationId,
    recordedAt: new Date().toISOString(),
    operation: action.name,
    dryRun: frame.dryRun,
    accountId: keyText(target.accountId),
    ...(text(target.region) ? { region: keyText(target.region) } : {}),
    resourceType: keyText(target.resourceType),
    resourceId: keyText(target.resourceId),
    requesterName: requester.name,
    requestedBy: {
      kind: requester.kind,
      name: requester.name,
      clientId: requester.clientId,
      sub: requester.sub,
      groups: requester.groups,
      ...(requester.tokenId ? { tokenId: requester.tokenId } : {}),
    },
    ...(text(input.ticket) ? { ticket: text(input.ticket) } : {}),
    ...(text(input.reason) ? { reason: text(input.reason) } : {}),
    input: recordedInput(input),
    policyControls: frame.policyReferences.map((reference) => reference.id),
    sourceIp: origin.sourceIp,
    requestId: origin.requestId,
    ...(origin.gatewayRequestId ? { gatewayRequestId: origin.gatewayRequestId } : {}),
    ...(attempt.idempotencyKey ? { idempotencyKey: keyText(attempt.idempotencyKey) } : {}),
    ...(undoOf ? { undoOf } : {}),
    ...(attempt.plan ? { plan: attempt.plan } : {}),
  };
}

export function completionRecord(action: WriteAction, outcome: Outcome): CompletionRecord {
  const changed =
    !outcome.dryRun &&
    (outcome.outcome === 'remediated' || outcome.outcome === 'partially_remediated');
  return {
    recordType: 'completion',
    remediationId: outcome.remediationId,
    recordedAt: new Date().toISOString(),
    outcome: outcome.outcome,
    summary: outcome.summary,
    steps: outcome.steps,
    ...(outcome.details !== undefined ? { details: outcome.details } : {}),
    undo: {
      available: changed && Boolean(action.undo),
      description: action.undo?.description ?? `${action.name} declares no undo.`,
    },
    ...(outcome.planId ? { planId: outcome.planId } : {}),
  };
}
