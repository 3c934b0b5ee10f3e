import type { Target } from '../actions/define.js';
import type { OutcomeKind, RetryReason, StepStatus } from '../actions/outcome.js';
import type { PolicyReference } from '../policy/catalog.js';

export interface StepReport {
  number: number;
  action: string;
  description: string;
  status: StepStatus;
  error?: string;
}

/** The 2XX answer to every write request, whichever door it came through. */
export interface Outcome {
  remediationId: string;
  operation: string;
  outcome: OutcomeKind;
  summary: string;
  dryRun: boolean;
  target: Target;
  requestedBy: { kind: 'user' | 'machine'; name: string; clientId: string };
  ticket?: string;
  reason?: string;
  policyReferences: PolicyReference[];
  steps: StepReport[];
  details?: unknown;
  /** The recorded answer to an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
  /** The plan to confirm: send it back with the real run (dry runs, and runs refused for drift). */
  planId?: string;
  /** Set on a refused or failed answer that may succeed if sent again later. */
  retryable?: RetryReason;
}

/** Everything of an answer but what plan or apply decide. */
export type OutcomeFrame = Omit<Outcome, 'outcome' | 'summary' | 'steps'>;
