import type { OutcomeKind } from '../actions/outcome.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import type { Requester } from '../auth/requester.js';

/** Where a job stands. `cancelling` becomes `cancelled` once the targets already started end. */
export type JobStatus = 'running' | 'cancelling' | 'cancelled' | 'finished';

/** Where one target stands. `pending` and `running` are the job's remaining targets. */
export type TargetStatus = 'pending' | 'running' | 'done' | 'refused' | 'failed' | 'cancelled';

export const FINAL_TARGET_STATUSES: readonly TargetStatus[] = [
  'done',
  'refused',
  'failed',
  'cancelled',
];

/** One account and Region: the unit whose EC2 token buckets a job must share out. */
export interface Lane {
  accountId: string;
  region: string;
}

export interface BulkJob {
  jobId: string;
  /** The write operation each target runs (closeSecurityGroupPort, or undoRemediation for an undo). */
  operation: string;
  status: JobStatus;
  dryRun: boolean;
  /** Who started it: every target runs as this requester, through the same pipeline. */
  requester: Requester;
  origin: RequestOrigin;
  ticket?: string;
  reason?: string;
  /** What was selected, in words (for the answer and the record). */
  selection: string;
  /** Set on a job that undoes another job. */
  undoOf?: string;
  targetCount: number;
  lanes: Lane[];
  createdAt: string;
  finishedAt?: string;
  /** Who asked to cancel it (a person's name or a machine client's id). */
  cancelledBy?: string;
  /** Why, as they said it. */
  cancelReason?: string;
  /** How many times an engine started the job (the first run, then each resumption). */
  runs: number;
  /** The engine's handle on the current run (a Step Functions execution ARN, or a local id). */
  executionId?: string;
}

export interface BulkTarget {
  jobId: string;
  /** Position in the job, from 0: stable, so a resumed job names each target as the first run did. */
  index: number;
  accountId: string;
  region: string;
  resourceId: string;
  /** The body of the target's own request to `operation`, without dryRun, ticket and reason. */
  input: Record<string, unknown>;
  status: TargetStatus;
  /**
   * Raised each time the target is run again after a result that may change on a retry (AWS
   * throttled it past the SDK's retries): part of its Idempotency-Key, so a retry runs while a
   * resumed job replays the attempt that already finished.
   */
  attempt: number;
  outcome?: OutcomeKind;
  summary?: string;
  remediationId?: string;
  updatedAt: string;
}

/** The Idempotency-Key of one attempt of one target: a resumed job never redoes a finished one. */
export function targetKey(jobId: string, index: number, attempt: number): string {
  return `bulk:${jobId}:${index}:${attempt}`;
}
