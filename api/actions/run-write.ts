import type { Static } from 'typebox';
import { awsErrorCode } from '../aws/aws-error.js';
import { AwsCallError, InputError } from '../errors.js';
import type { PolicyReference } from '../policy/catalog.js';
import type { ActionContext, PlannedStep, WriteAction } from './action.js';
import type { OutcomeKind, StepStatus } from './outcome.js';

/** Inputs every write action accepts besides its own. */
export interface WriteInput {
  dryRun?: boolean;
  ticket?: string;
  reason?: string;
}

export interface StepReport {
  number: number;
  action: string;
  description: string;
  status: StepStatus;
  error?: string;
}

export interface Outcome {
  remediationId: string;
  operation: string;
  outcome: OutcomeKind;
  summary: string;
  dryRun: boolean;
  target: ReturnType<WriteAction['target']>;
  requestedBy: { kind: 'user' | 'machine'; name: string; clientId: string };
  ticket?: string;
  reason?: string;
  policyReferences: PolicyReference[];
  steps: StepReport[];
  details?: unknown;
}

export interface RunMeta {
  remediationId: string;
  policyReferences: PolicyReference[];
}

/** The body of an answer, before plan or apply has anything to say. */
export function outcomeFrame(
  action: WriteAction,
  context: ActionContext,
  input: Static<WriteAction['input']> & WriteInput,
  meta: RunMeta,
): Omit<Outcome, 'outcome' | 'summary' | 'steps'> {
  const { requester } = context;
  return {
    remediationId: meta.remediationId,
    operation: action.name,
    dryRun: input.dryRun ?? false,
    target: action.target(input),
    requestedBy: { kind: requester.kind, name: requester.name, clientId: requester.clientId },
    ...(input.ticket ? { ticket: input.ticket } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    policyReferences: meta.policyReferences,
  };
}

/** A real change needs a reason, and some a ticket; checked before anything is recorded or read. */
export function assertWritable(action: WriteAction, input: WriteInput): void {
  if (input.dryRun ?? false) return;
  if (!input.reason) {
    throw new InputError('Give a reason (why this change is needed) or set dryRun to true.');
  }
  if (action.requiresTicket && !input.ticket) {
    throw new InputError(
      `${action.name} cannot be undone: give the incident ticket, or set dryRun to true to preview.`,
    );
  }
}

/**
 * Plans, then either shows the plan (dry run) or applies it step by step (independent steps of one
 * batch together). The only place that decides dry run. A failing step stops the run once its
 * batch settles; what was done is reported, and running the same request again continues from the
 * current state because every plan is built from fresh reads.
 */
export async function runWrite(
  action: WriteAction,
  context: ActionContext,
  input: Static<WriteAction['input']> & WriteInput,
  meta: RunMeta,
): Promise<Outcome> {
  // The caller (the audited write path) has already checked assertWritable.
  const frame = outcomeFrame(action, context, input, meta);
  let plan: Awaited<ReturnType<WriteAction['plan']>>;
  try {
    plan = await action.plan(context, input);
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    return {
      ...frame,
      outcome: 'failed',
      summary: explainReadFailure(error, frame.target),
      steps: [],
    };
  }
  if (plan.status !== 'changes') {
    const outcome = (
      { refused: 'refused', compliant: 'already_compliant', failed: 'failed' } as const
    )[plan.status];
    return { ...frame, outcome, summary: plan.summary, steps: [], details: plan.details };
  }
  const steps: StepReport[] = plan.steps.map((step, index) => ({
    number: index + 1,
    action: step.action,
    description: step.description,
    status: 'planned',
  }));
  if (frame.dryRun) {
    return { ...frame, outcome: 'planned', summary: plan.summary, steps, details: plan.details };
  }
  let completed = 0;
  let failure: string | undefined;
  for (const batch of batches(plan.steps)) {
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
        context.log.warn({ err: error, step: index + 1 }, 'remediation step failed');
      }
    });
  }
  const { summary, details } = plan.report(completed);
  const outcome: OutcomeKind =
    completed === steps.length ? 'remediated' : completed > 0 ? 'partially_remediated' : 'failed';
  return {
    ...frame,
    outcome,
    summary: failure ? `${summary} ${failure}` : summary,
    steps,
    details,
  };
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

/** AccessDenied on AssumeRole means the member-account role is missing or does not trust us. */
export function explainReadFailure(error: AwsCallError, target: { accountId: string }): string {
  if (error.operation === 'sts:AssumeRole' && awsErrorCode(error) === 'AccessDenied') {
    return `This API cannot act in account ${target.accountId}: assuming its remediation role was denied. The member-account role must be deployed there and trust this API.`;
  }
  return `Could not read the current state from AWS: ${error.message}`;
}
