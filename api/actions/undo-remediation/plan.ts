import type { RemediationView } from '../../audit/remediation-view.js';
import type { ActionContext, Decision, Plan, Target, UndoDetails, WriteAction } from '../define.js';
import { findAction } from '../registry.js';
import type { UndoInput, UndoRemediationDetails } from './action.js';

type Details = UndoRemediationDetails;

const REVERSIBLE_OUTCOMES = ['remediated', 'partially_remediated'];

/** The original's target, so the undo is allowed, locked and recorded where the change was. */
export async function locateUndo(
  context: ActionContext,
  input: UndoInput,
): Promise<Target | Decision> {
  const original = await context.audit.remediation(input.remediationId);
  if (!original) {
    return {
      status: 'failed',
      summary: `No remediation with id ${input.remediationId} is recorded; check the id, or ask to list recent remediations to find it.`,
    };
  }
  return original.target;
}

/** Fresh reads of the original's record and of AWS; the original action's undo decides the steps. */
export async function planUndo(context: ActionContext, input: UndoInput): Promise<Plan<Details>> {
  const undoneId = input.remediationId;
  const original = await context.audit.remediation(undoneId);
  const details = (extra: Partial<Details> = {}): Details => ({
    undoneRemediationId: undoneId,
    ...(original ? { undoneOperation: original.operation } : {}),
    restored: [],
    removed: [],
    cannotRestore: [],
    notes: [],
    ...extra,
  });
  const stop = (status: 'refused' | 'failed', summary: string): Plan<Details> => ({
    status,
    summary,
    details: details(),
  });
  const originalAction = original ? writeAction(original.operation) : undefined;
  const refusal = whyNot(undoneId, original, originalAction);
  if (refusal) return stop(refusal.status, refusal.summary);
  const view = original as RemediationView;
  const undo = originalAction?.undo as NonNullable<WriteAction['undo']>;
  const mark = await context.audit.undoMarkers.get(undoneId).catch(() => undefined);
  if (mark?.state === 'done') return stop('refused', alreadyUndone(undoneId, mark));
  const plan = await undo.plan(context, {
    remediationId: view.remediationId,
    input: view.input,
    target: view.target,
    outcome: view.outcome,
    details: view.details,
    completedAt: view.completedAt ?? view.requestedAt,
  });
  const wrapped = wrap(plan, details);
  if (wrapped.status !== 'changes' || input.dryRun) return wrapped;
  // Claimed under the resource lock, so a second undo waiting behind this one sees it.
  let claimed: boolean;
  try {
    claimed = await context.audit.undoMarkers.claim(undoneId, context.remediationId);
  } catch {
    return stop(
      'failed',
      'Nothing was changed: the undo could not be recorded before running, and an unrecorded undo could run twice. Try again in a few minutes.',
    );
  }
  if (!claimed) {
    const again = await context.audit.undoMarkers.get(undoneId).catch(() => undefined);
    return stop('refused', alreadyUndone(undoneId, again));
  }
  return {
    ...wrapped,
    // Marks the original undone once every change is made; frees the claim otherwise.
    settle: (allDone) =>
      context.audit.undoMarkers
        .finish(undoneId, context.remediationId, allDone)
        .catch(() => undefined),
  };
}

function writeAction(name: string): WriteAction | undefined {
  const action = findAction(name);
  return action?.kind === 'write' ? action : undefined;
}

function whyNot(
  undoneId: string,
  original: RemediationView | undefined,
  originalAction: WriteAction | undefined,
): Decision | undefined {
  if (!original) {
    return {
      status: 'failed',
      summary: `No remediation with id ${undoneId} is recorded; check the id, or ask to list recent remediations to find it.`,
    };
  }
  if (original.undoOf) {
    return {
      status: 'refused',
      summary: `Remediation ${undoneId} is itself an undo (of ${original.undoOf}); an undo cannot be undone. Run the original operation again instead.`,
    };
  }
  if (original.dryRun) {
    return {
      status: 'refused',
      summary: `Remediation ${undoneId} was a preview (dry run) and changed nothing, so there is nothing to undo.`,
    };
  }
  if (!originalAction) {
    return {
      status: 'failed',
      summary: `Remediation ${undoneId} ran ${original.operation}, which this API no longer offers, so it cannot be undone here.`,
    };
  }
  if (!originalAction.undo) {
    return {
      status: 'refused',
      summary: `Remediation ${undoneId} cannot be undone: what it did ("${originalAction.summary}") cannot be put back. It stays as it is; ask to show remediation ${undoneId} to see what was changed.`,
    };
  }
  if (original.outcome === 'unfinished') {
    return {
      status: 'refused',
      summary: `Remediation ${undoneId} has no recorded result (it is still running, or it stopped), so undo cannot know what it changed. Ask to show remediation ${undoneId} again in a minute.`,
    };
  }
  if (!REVERSIBLE_OUTCOMES.includes(original.outcome)) {
    return {
      status: 'refused',
      summary: `Remediation ${undoneId} changed nothing (its outcome was ${original.outcome}), so there is nothing to undo.`,
    };
  }
  return undefined;
}

function alreadyUndone(
  undoneId: string,
  mark: { undoRemediationId: string; at: string } | undefined,
) {
  return mark
    ? `Remediation ${undoneId} was already undone by remediation ${mark.undoRemediationId} on ${mark.at}; an undo runs only once.`
    : `Remediation ${undoneId} was already undone; an undo runs only once.`;
}

/** The declaration's plan, with the ids of what is undone added to its details. */
function wrap(
  plan: Plan<UndoDetails>,
  details: (extra: Partial<Details>) => Details,
): Plan<Details> {
  if (plan.status !== 'changes') return { ...plan, details: details(plan.details) };
  return {
    ...plan,
    details: details(plan.details),
    report(completed) {
      const after = plan.report(completed);
      return { summary: after.summary, details: details(after.details) };
    },
  };
}
