import type { Target } from '../actions/define.js';
import type { OutcomeKind } from '../actions/outcome.js';
import type { StepReport } from '../pipeline/outcome.js';
import { parsedInput } from '../pipeline/recorded-input.js';
import type { CompletionRecord, IntentRecord } from './record.js';

/** One remediation as an auditor reads it: its intent and its completion merged. */
export interface RemediationView {
  remediationId: string;
  operation: string;
  dryRun: boolean;
  target: Target;
  requestedBy: IntentRecord['requestedBy'];
  ticket?: string;
  reason?: string;
  policyControls: string[];
  requestedAt: string;
  sourceIp: string;
  requestId: string;
  gatewayRequestId?: string;
  idempotencyKey?: string;
  undoOf?: string;
  /** A real run confirmed by a plan: its id and the remediation that offered it. */
  plan?: { planId: string; offeredBy: string };
  /** The plan this remediation's answer offered, to be run with its id. */
  offeredPlanId?: string;
  input: Record<string, unknown>;
  /** `unfinished` when no result was recorded: still running, or stopped before the end. */
  outcome: OutcomeKind | 'unfinished';
  summary: string;
  completedAt?: string;
  steps: StepReport[];
  details?: unknown;
  undo: { available: boolean; description: string; undoneBy?: string };
  /** Where the remediation sits in the chain, to cross-check with verifyAuditTrail. */
  entries: Array<{ chain: string; seq: number; recordType: string; recordedAt: string }>;
}

type Entry = (IntentRecord | CompletionRecord) & { chain: string; seq: number };

/** Undefined when no intent is recorded for the id. */
export function mergeEntries(entries: Entry[]): RemediationView | undefined {
  const intent = entries.find(
    (entry): entry is IntentRecord & { chain: string; seq: number } =>
      entry.recordType === 'intent',
  );
  if (!intent) return undefined;
  const completion = entries.find(
    (entry): entry is CompletionRecord & { chain: string; seq: number } =>
      entry.recordType === 'completion',
  );
  return {
    remediationId: intent.remediationId,
    operation: intent.operation,
    dryRun: intent.dryRun,
    target: {
      accountId: intent.accountId,
      ...(intent.region ? { region: intent.region } : {}),
      resourceType: intent.resourceType,
      resourceId: intent.resourceId,
    },
    requestedBy: intent.requestedBy,
    ...(intent.ticket ? { ticket: intent.ticket } : {}),
    ...(intent.reason ? { reason: intent.reason } : {}),
    policyControls: intent.policyControls,
    requestedAt: intent.recordedAt,
    sourceIp: intent.sourceIp,
    requestId: intent.requestId,
    ...(intent.gatewayRequestId ? { gatewayRequestId: intent.gatewayRequestId } : {}),
    ...(intent.idempotencyKey ? { idempotencyKey: intent.idempotencyKey } : {}),
    ...(intent.undoOf ? { undoOf: intent.undoOf } : {}),
    ...(intent.plan ? { plan: intent.plan } : {}),
    ...(completion?.planId ? { offeredPlanId: completion.planId } : {}),
    input: inputOf(intent.input),
    outcome: completion?.outcome ?? 'unfinished',
    summary:
      completion?.summary ??
      `No result is recorded for this ${intent.operation} request: it is still running, or it stopped before finishing. Check the target's current state before acting on it.`,
    ...(completion ? { completedAt: completion.recordedAt } : {}),
    steps: completion?.steps ?? [],
    ...(completion?.details !== undefined ? { details: completion.details } : {}),
    undo: completion?.undo ?? { available: false, description: 'No result is recorded.' },
    entries: entries
      .map((entry) => ({
        chain: entry.chain,
        seq: entry.seq,
        recordType: entry.recordType,
        recordedAt: entry.recordedAt,
      }))
      .sort((a, b) => a.seq - b.seq),
  };
}

/** A body recorded as text that is no longer complete JSON (truncated) is shown as the text. */
function inputOf(recorded: IntentRecord['input']): Record<string, unknown> {
  if (typeof recorded !== 'string') return recorded;
  return parsedInput(recorded) ?? { recordedText: recorded };
}
