import type { ActionContext, Plan, PlannedStep, WriteAction } from '../define.js';
import type { RemediateFindingDetails } from './action.js';

type Details = RemediateFindingDetails;
type Changes<D> = Extract<Plan<D>, { status: 'changes' }>;

/** One run of the mapped operation: its input and the plan it made from the current state. */
export interface SubPlan {
  input: Record<string, unknown>;
  plan: Plan<unknown>;
}

export interface FinalStep {
  action: string;
  description: string;
  execute(): Promise<void>;
  /** After a real run that did not finish: tell the finding so. Never throws. */
  onIncomplete(): Promise<void>;
}

const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const outcomeOf = (completed: number, total: number) =>
  completed === total ? 'remediated' : completed > 0 ? 'partially_remediated' : 'failed';

/**
 * Several runs of one operation (one per port) and the final step as one plan. The first run's
 * steps are its own plan's, exactly; each later run is planned again when its turn comes, from
 * the state the earlier runs leave (closing port 3389 after port 22 on the same rule must see the
 * rules closing 22 created), and its step says so. The details record every run as the direct
 * call would, so each can be undone with that operation's own undo.
 */
export function sequence(
  context: ActionContext,
  action: WriteAction,
  changing: SubPlan[],
  details: Details,
  final: FinalStep,
): Changes<Details> {
  const [first, ...rest] = changing as [SubPlan, ...SubPlan[]];
  const firstPlan = first.plan as Changes<unknown>;
  const later = rest.map((sub) => ({
    sub,
    result: undefined as { plan: Plan<unknown>; completed: number } | undefined,
  }));
  const steps: PlannedStep[] = [
    ...firstPlan.steps,
    ...later.map((entry) => ({
      action: `${action.name}`,
      description: `${entry.sub.plan.summary} (planned again from the rules the steps before leave)`,
      execute: async () => {
        const fresh = await action.plan(context, entry.sub.input);
        entry.result = { plan: fresh, completed: 0 };
        if (fresh.status === 'compliant') return;
        if (fresh.status !== 'changes') throw new Error(fresh.summary);
        for (const step of fresh.steps) {
          await step.execute();
          entry.result.completed += 1;
        }
        await fresh.settle?.(true);
      },
    })),
    { action: final.action, description: final.description, execute: final.execute },
  ];
  let firstCompleted = 0;
  return {
    status: 'changes',
    summary: `${changing.map((sub) => sub.plan.summary).join(' ')} Then the finding would be marked RESOLVED in Security Hub.`,
    steps,
    details: {
      ...details,
      runs: changing.map((sub) => ({
        input: sub.input,
        outcome: 'planned',
        summary: sub.plan.summary,
        details: record(sub.plan.details),
      })),
    },
    report(completed) {
      firstCompleted = Math.min(completed, firstPlan.steps.length);
      const firstReport = firstPlan.report(firstCompleted);
      const runs: Details['runs'] = [
        {
          input: first.input,
          outcome: outcomeOf(firstCompleted, firstPlan.steps.length),
          summary: firstReport.summary,
          details: record(firstReport.details),
        },
      ];
      for (const { sub, result } of later) {
        if (!result) continue;
        const { plan } = result;
        if (plan.status === 'changes') {
          const after = plan.report(result.completed);
          runs.push({
            input: sub.input,
            outcome: outcomeOf(result.completed, plan.steps.length),
            summary: after.summary,
            details: record(after.details),
          });
        } else {
          const outcome = plan.status === 'compliant' ? 'already_compliant' : plan.status;
          runs.push({
            input: sub.input,
            outcome,
            summary: plan.summary,
            details: record(plan.details),
          });
        }
      }
      const next = { ...details, runs };
      const marked =
        details.findingStatus === 'RESOLVED'
          ? ` Finding ${details.finding.id} is marked RESOLVED in Security Hub, with a note naming remediation ${context.remediationId}.`
          : '';
      return { summary: `${runs.map((run) => run.summary).join(' ')}${marked}`, details: next };
    },
    async settle(allDone) {
      await firstPlan.settle?.(firstCompleted === firstPlan.steps.length);
      if (!allDone) await final.onIncomplete();
    },
  };
}
