import type { OutcomeKind } from '../actions/outcome.js';
import type { StepReport } from '../pipeline/outcome.js';

/**
 * What the trail holds about one request: an intent, written before the first AWS call, and a
 * completion, written after the last one. Both are separate chain entries for the same
 * remediationId; getRemediation merges them. Flat attributes (`ticket`, `requesterName`,
 * `accountId`, `operation`, `recordType`) are the keys of the listing indexes.
 */
export interface IntentRecord {
  recordType: 'intent';
  remediationId: string;
  recordedAt: string;
  operation: string;
  dryRun: boolean;
  accountId: string;
  region?: string;
  resourceType: string;
  resourceId: string;
  requesterName: string;
  requestedBy: {
    kind: 'user' | 'machine';
    name: string;
    clientId: string;
    sub: string;
    groups: string[];
    /** The access token's jti, to match CloudTrail and sign-in logs. */
    tokenId?: string;
  };
  ticket?: string;
  reason?: string;
  /**
   * The request body as received, as bounded canonical JSON text (api/pipeline/recorded-input.ts),
   * so that any body stores; records written before that hold the object itself. It holds no
   * secrets: ids, ports, ticket, reason.
   */
  input: string | Record<string, unknown>;
  policyControls: string[];
  sourceIp: string;
  requestId: string;
  /** API Gateway's request id, when the API runs behind it. */
  gatewayRequestId?: string;
  idempotencyKey?: string;
  /** Set on an undo: the remediation it reverses. */
  undoOf?: string;
  /** A real run confirmed by a plan: its id and the remediation (dry run) that offered it. */
  plan?: { planId: string; offeredBy: string };
}

export interface CompletionRecord {
  recordType: 'completion';
  remediationId: string;
  recordedAt: string;
  outcome: OutcomeKind;
  summary: string;
  steps: StepReport[];
  /** The action's own record, e.g. the revoked rules: what an undo works from (IR-05). */
  details?: unknown;
  undo: { available: boolean; description: string };
  /** The plan this answer offers (a dry run, or a run refused because AWS changed). */
  planId?: string;
}

export type TrailRecord = IntentRecord | CompletionRecord;

/** A record as stored: its place in the chain and its hash. */
export type TrailEntry = TrailRecord & {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
};
