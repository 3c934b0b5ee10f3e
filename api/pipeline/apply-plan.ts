import type { Plan, PlannedStep } from '../actions/define.js';
import type { OutcomeKind, RetryReason } from '../actions/outcome.js';
import { isThrottling } from '../aws/aws-error.js';
import { AwsCallError } from '../errors.js';
import type { StepReport } from './outcome.js';

type Changes<Details> = Extract<Plan<Details>, { status: 'changes' }>;

export interface Applied<Details> {
  outcome: OutcomeKind;
  summary: string;
  steps: StepReport[];
  details: Details;
  /**
   * Set when a step failed because AWS throttled it, or the run stopped itself before a batch
   * (its time limit, its lock lost): the same request sent again may finish.
   */
  retryable?: RetryReason;
}

/** The steps as a dry run shows them. */
export function plannedSteps(steps: PlannedStep[]): StepReport[] {
  return steps.map((step, index) => ({
    number: index + 1,
    action: step.action,
    description: step.description,
    status: 'planned',
  }));
}

/**
 * Applies a plan step by step (independent steps of one batch together). A failing step stops the
 * run once its batch settles; so does `stopReason` (the time budget is spent, the lock was lost)
 * before a batch starts. What was done is reported, and the same request run again continues from
 * the current state because every plan is built from fresh reads.
 */
export async function applyPlan<Details>(
  plan: Changes<Details>,
  stopReason: () => string | undefined,
  onStepError: (error: unknown, step: number) => void,
): Promise<Applied<Details>> {
  const steps = plannedSteps(plan.steps);
  let completed = 0;
  let failure: string | undefined;
  let throttled = false;
  let interrupted = false;
  for (const batch of batches(plan.steps)) {
    if (!failure) {
      const stopped = stopBefore(stopReason());
      interrupted = stopped !== undefined;
      failure = stopped;
    }
    if (failure) {
      for (const index of batch) (steps[index] as StepReport).status = 'skipped';
      continue;
    }
    await inParallel(batch, BATCH_CONCURRENCY, async (index) => {
      const step = plan.steps[index] as PlannedStep;
      const report = steps[index] as StepReport;
      try {
        await step.execute();
        report.status = 'done';
        completed += 1;
      } catch (error) {
        // Whatever the cause, the steps already done must still be reported.
        const code = error instanceof AwsCallError ? error.awsCode : 'an unexpected error';
        report.status = 'failed';
        report.error =
          error instanceof AwsCallError ? error.message : 'Unexpected error; see the service log.';
        failure ??= `Step ${index + 1} (${step.action}) failed with ${code}.`;
        throttled ||= isThrottling(error);
        onStepError(error, index + 1);
      }
    });
  }
  const { summary, details } = plan.report(completed);
  const outcome: OutcomeKind =
    completed === steps.length ? 'remediated' : completed > 0 ? 'partially_remediated' : 'failed';
  return {
    outcome,
    summary: failure ? `${summary} ${failure}` : summary,
    steps,
    details,
    ...(throttled
      ? { retryable: 'throttled' as const }
      : interrupted
        ? { retryable: 'interrupted' as const }
        : {}),
  };
}

function stopBefore(reason: string | undefined): string | undefined {
  return reason
    ? `The remaining steps were not started: ${reason}. Send the same request again to finish.`
    : undefined;
}

/** AWS's write APIs throttle per account; a handful at once keeps a batch well inside that. */
const BATCH_CONCURRENCY = 5;

/** Step indexes grouped into runs of consecutive steps sharing a batch; unbatched steps run alone. */
function batches(steps: PlannedStep[]): number[][] {
  const groups: number[][] = [];
  steps.forEach((step, index) => {
    const last = groups.at(-1);
    const previous = steps[index - 1];
    if (last && step.batch !== undefined && previous?.batch === step.batch) last.push(index);
    else groups.push([index]);
  });
  return groups;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
