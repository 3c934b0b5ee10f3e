import type { FastifyBaseLogger } from 'fastify';
import type { WriteAction } from '../actions/define.js';
import { IdempotencyKeyInProgressError } from '../audit/audit-errors.js';
import type { Outcome } from '../pipeline/outcome.js';
import { type PipelineDependencies, runWrite } from '../pipeline/write-pipeline.js';
import {
  type BulkJob,
  type BulkTarget,
  FINAL_TARGET_STATUSES,
  type Lane,
  type TargetStatus,
  targetKey,
} from './job.js';
import { JobStatusWatch } from './job-status-watch.js';
import type { JobStore } from './job-store.js';

/**
 * Thrown when targets of a lane are left for later because AWS throttled them past the SDK's own
 * retries (or another run still holds them): the state machine's Retry on this error name waits,
 * with back-off, before the lane runs again.
 */
export class LaneBackOffError extends Error {
  override readonly name = 'BulkLaneBackOff';
}

export interface LaneDependencies {
  pipeline: PipelineDependencies;
  store: JobStore;
  action(name: string): WriteAction;
  log: FastifyBaseLogger;
  /** Targets run at once in the lane. */
  concurrency: number;
  /** How long the lane runs before it hands back (remaining > 0 and the state machine loops). */
  budgetMs: number;
  /** Set when the process running the lane is going away: nothing more is started or recorded. */
  signal?: AbortSignal;
  /** Shared by the lanes of this process (bulkTasks); a lane on its own watches alone. */
  jobStatus?: JobStatusWatch;
}

/**
 * The pipeline's answers that free the key (nothing ran) and are worth a retry under it: another
 * run holds the resource, or the lock table, the audit trail or the organisation's account list
 * could not be read. The lane backs off through the state machine before trying them again.
 */
const KEY_FREED: ReadonlyArray<Outcome['retryable']> = [
  'in_progress',
  'lock_unavailable',
  'audit_unavailable',
  'allow_list_unavailable',
];

/**
 * Runs the targets of one account and Region that have not finished, a few at a time, each as an
 * ordinary request through the write pipeline with its own Idempotency-Key, and records each
 * result. A target AWS throttled past the retries goes back to pending with a new attempt number;
 * a target another run still holds stays pending; both make the lane back off and come again.
 */
export async function runLane(
  deps: LaneDependencies,
  jobId: string,
  lane: Lane,
): Promise<{ remaining: number }> {
  const deadline = Date.now() + deps.budgetMs;
  const job = await deps.store.job(jobId);
  if (!job) throw new Error(`bulk job ${jobId} not found`);
  const action = deps.action(job.operation);
  const queue = (await deps.store.laneTargets(jobId, lane)).filter(
    (target) => !FINAL_TARGET_STATUSES.includes(target.status),
  );
  const watch = deps.jobStatus ?? new JobStatusWatch(deps.store);
  const cancelled = () => watch.stopped(job);
  let backOff = 0;
  let left = queue.length;

  const worker = async () => {
    for (;;) {
      if (deps.signal?.aborted || Date.now() >= deadline) return;
      const target = queue.shift();
      if (!target) return;
      if (await cancelled()) {
        await deps.store.updateTarget(target, {
          status: 'cancelled',
          summary: 'Not run: the job was cancelled before this target started.',
        });
        left--;
        continue;
      }
      const running =
        target.status === 'running'
          ? target
          : await deps.store.updateTarget(target, { status: 'running' });
      const result = await runTarget(deps, job, action, running);
      // A process going away records nothing more, as a killed one would not.
      if (deps.signal?.aborted) return;
      if (result.retry) {
        backOff++;
        await deps.store.updateTarget(running, {
          status: 'pending',
          summary: result.summary,
          ...(result.newAttempt ? { attempt: running.attempt + 1 } : {}),
        });
        continue;
      }
      await deps.store.updateTarget(running, result.change);
      left--;
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency, queue.length) }, worker));
  if (deps.signal?.aborted) throw new Error('the process running this lane is stopping');
  if (backOff > 0 && left > 0) {
    throw new LaneBackOffError(
      `${left} target(s) in ${lane.accountId} ${lane.region} left for a retry (AWS limited requests, or another run holds them)`,
    );
  }
  return { remaining: left };
}

type TargetResult =
  | { retry: false; change: Partial<BulkTarget> }
  | { retry: true; newAttempt: boolean; summary: string };

async function runTarget(
  deps: LaneDependencies,
  job: BulkJob,
  action: WriteAction,
  target: BulkTarget,
): Promise<TargetResult> {
  let outcome: Outcome;
  try {
    outcome = await runWrite(deps.pipeline, {
      action,
      input: {
        ...target.input,
        ...(job.dryRun ? { dryRun: true } : {}),
        ...(job.ticket ? { ticket: job.ticket } : {}),
        ...(job.reason ? { reason: job.reason } : {}),
      },
      requester: job.requester,
      origin: job.origin,
      log: deps.log.child({ jobId: job.jobId, target: target.index }),
      idempotencyKey: targetKey(job.jobId, target.index, target.attempt),
    });
  } catch (error) {
    if (error instanceof IdempotencyKeyInProgressError) {
      return { retry: true, newAttempt: false, summary: 'Another run of this job still holds it.' };
    }
    deps.log.error({ err: error, jobId: job.jobId, target: target.index }, 'bulk target failed');
    return {
      retry: false,
      change: {
        status: 'failed',
        outcome: 'failed',
        summary: 'Unexpected error; see the service log.',
      },
    };
  }
  if (outcome.retryable === 'throttled' || outcome.retryable === 'interrupted') {
    // The key now holds this failure, so the retry runs under the next attempt's key.
    return { retry: true, newAttempt: true, summary: outcome.summary };
  }
  if (!outcome.replayed && KEY_FREED.includes(outcome.retryable)) {
    return { retry: true, newAttempt: false, summary: outcome.summary };
  }
  return {
    retry: false,
    change: {
      status: statusOf(outcome),
      outcome: outcome.outcome,
      summary: outcome.summary,
      remediationId: outcome.remediationId,
    },
  };
}

function statusOf(outcome: Outcome): TargetStatus {
  switch (outcome.outcome) {
    case 'refused':
      return 'refused';
    case 'failed':
    case 'partially_remediated':
      return 'failed';
    default:
      return 'done';
  }
}
