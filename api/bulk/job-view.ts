import type { OutcomeKind } from '../actions/outcome.js';
import type { BulkJob, BulkTarget, JobStatus, TargetStatus } from './job.js';

export interface TargetView {
  index: number;
  accountId: string;
  region: string;
  resourceId: string;
  status: TargetStatus;
  outcome?: OutcomeKind;
  summary?: string;
  remediationId?: string;
}

export interface JobView {
  jobId: string;
  operation: string;
  status: JobStatus;
  dryRun: boolean;
  summary: string;
  selection: string;
  undoOf?: string;
  ticket?: string;
  requestedBy: string;
  createdAt: string;
  finishedAt?: string;
  targetCount: number;
  done: number;
  refused: number;
  failed: number;
  cancelled: number;
  remaining: number;
  /** How many targets ended with each outcome (remediated, already_compliant, planned, ...). */
  outcomes: Record<string, number>;
  targets: TargetView[];
  nextToken?: string;
}

/** A job as getBulkRemediation answers it: counts by state, and one page of its targets. */
export function view(
  job: BulkJob,
  targets: BulkTarget[],
  page: { status?: TargetStatus; limit: number; offset: number },
): JobView {
  const count = (...statuses: TargetStatus[]) =>
    targets.filter((target) => statuses.includes(target.status)).length;
  const outcomes: Record<string, number> = {};
  for (const target of targets) {
    if (target.outcome) outcomes[target.outcome] = (outcomes[target.outcome] ?? 0) + 1;
  }
  const counts = {
    done: count('done'),
    refused: count('refused'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    remaining: count('pending', 'running'),
  };
  const listed = targets.filter((target) => !page.status || target.status === page.status);
  const slice = listed.slice(page.offset, page.offset + page.limit);
  const more = page.offset + page.limit < listed.length;
  return {
    jobId: job.jobId,
    operation: job.operation,
    status: job.status,
    dryRun: job.dryRun,
    summary: summarize(job, counts),
    selection: job.selection,
    ...(job.undoOf ? { undoOf: job.undoOf } : {}),
    ...(job.ticket ? { ticket: job.ticket } : {}),
    requestedBy: job.requester.name,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    targetCount: job.targetCount,
    ...counts,
    outcomes,
    targets: slice.map((target) => ({
      index: target.index,
      accountId: target.accountId,
      region: target.region,
      resourceId: target.resourceId,
      status: target.status,
      ...(target.outcome ? { outcome: target.outcome } : {}),
      ...(target.summary ? { summary: target.summary } : {}),
      ...(target.remediationId ? { remediationId: target.remediationId } : {}),
    })),
    ...(more ? { nextToken: String(page.offset + page.limit) } : {}),
  };
}

function summarize(
  job: BulkJob,
  counts: { done: number; refused: number; failed: number; cancelled: number; remaining: number },
): string {
  const by = job.cancelledBy
    ? ` by ${job.cancelledBy}${job.cancelReason ? ` (${job.cancelReason})` : ''}`
    : '';
  const state =
    job.status === 'finished'
      ? 'finished'
      : job.status === 'cancelled'
        ? `was cancelled${by}`
        : job.status === 'cancelling'
          ? `is being cancelled${by}`
          : 'is running';
  const parts = [
    `${counts.done} done`,
    `${counts.refused} refused`,
    `${counts.failed} failed`,
    ...(counts.cancelled ? [`${counts.cancelled} cancelled`] : []),
    `${counts.remaining} remaining`,
  ];
  return `${job.dryRun ? 'Preview' : 'Job'} ${job.jobId} ${state}: of ${job.targetCount} target(s), ${parts.join(', ')}.`;
}
