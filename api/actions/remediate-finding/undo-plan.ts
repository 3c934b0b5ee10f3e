import { describeRef, writeBack } from '../../aws/security-hub-findings.js';
import type { ActionContext, Plan, PlannedStep, UndoDetails, UndoSource } from '../define.js';
import { findAction } from '../registry.js';
import { findingRef, type RemediateFindingDetails, type RemediateFindingInput } from './action.js';

type Source = UndoSource<RemediateFindingInput, RemediateFindingDetails>;
type Run = RemediateFindingDetails['runs'][number];

const DONE = ['remediated', 'partially_remediated'];
const empty = (): UndoDetails => ({ restored: [], removed: [], cannotRestore: [], notes: [] });

/** The undo of remediateFinding, loaded on its first call; undo.ts declares it. */
export async function planUndoRemediateFinding(
  context: ActionContext,
  source: Source,
): Promise<Plan<UndoDetails>> {
  const operation = source.details.operation;
  const action = operation ? findAction(operation) : undefined;
  const undo = action?.kind === 'write' ? action.undo : undefined;
  if (!undo) {
    return {
      status: 'refused',
      summary: `Remediation ${source.remediationId} ran ${operation ?? 'nothing'}, which cannot be undone.`,
      details: empty(),
    };
  }
  const runs = source.details.runs.filter((run) => DONE.includes(run.outcome)).reverse();
  if (runs.length === 0) {
    return {
      status: 'compliant',
      summary: `Remediation ${source.remediationId} changed nothing, so there is nothing to undo.`,
      details: empty(),
    };
  }
  const planOf = (run: Run) =>
    undo.plan(context, {
      remediationId: source.remediationId,
      // Recorded by remediateFinding from the mapped operation's own validated input.
      input: run.input as Record<string, unknown>,
      target: source.target,
      outcome: run.outcome,
      details: run.details,
      completedAt: source.completedAt,
    });
  const [firstRun, ...laterRuns] = runs as [Run, ...Run[]];
  const first = await planOf(firstRun);
  if (first.status === 'refused' || first.status === 'failed') return first;
  const ref = findingRef(source.input);
  const reports: UndoDetails[] = [];
  const steps: PlannedStep[] = [
    ...(first.status === 'changes' ? first.steps : []),
    ...laterRuns.map((run) => ({
      action: `${operation} undo`,
      description: `Undo the run of ${operation} with ${JSON.stringify(run.input)} (planned from the state the steps before leave)`,
      execute: async () => {
        const plan = await planOf(run);
        if (plan.status === 'compliant') return;
        if (plan.status !== 'changes') throw new Error(plan.summary);
        for (const step of plan.steps) await step.execute();
        reports.push(plan.report(plan.steps.length).details);
      },
    })),
    {
      action:
        ref.kind === 'asff'
          ? 'securityhub:BatchUpdateFindings'
          : 'securityhub:BatchUpdateFindingsV2',
      description: `Set finding ${describeRef(ref)} back to NEW in Security Hub, with a note naming this undo.`,
      execute: async () =>
        writeBack(
          await context.aws.securityHub(),
          ref,
          'NEW',
          `Remediation ${source.remediationId} was undone by remediation ${context.remediationId}, requested by ${context.requester.name}.`,
          context.requester.name,
        ),
    },
  ];
  const firstSteps = first.status === 'changes' ? first.steps.length : 0;
  return {
    status: 'changes',
    summary: `${first.summary} Then the finding is set back to NEW in Security Hub.`,
    steps,
    details: first.details,
    report(completed) {
      const own =
        first.status === 'changes' ? first.report(Math.min(completed, firstSteps)) : first;
      const merged = [own.details, ...reports].reduce(
        (all, part) => ({
          restored: [...all.restored, ...part.restored],
          removed: [...all.removed, ...part.removed],
          cannotRestore: [...all.cannotRestore, ...part.cannotRestore],
          notes: [...all.notes, ...part.notes],
        }),
        empty(),
      );
      const back = completed === steps.length ? ' The finding is NEW again in Security Hub.' : '';
      return { summary: `${own.summary}${back}`, details: merged };
    },
  };
}
