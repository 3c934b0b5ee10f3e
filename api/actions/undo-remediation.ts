import { type Static, Type } from 'typebox';
import type { AuditStore } from '../audit/audit-store.js';
import type { RemediationView } from '../audit/remediation-view.js';
import type { Plan, Target, UndoDetails, WriteAction } from './action.js';
import { writeFields } from './fields.js';
import type { Outcome } from './run-write.js';

const Input = Type.Object(
  {
    remediationId: Type.String({
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description:
        'The id of the remediation to reverse, as the answer to that remediation gave it.',
      examples: ['0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f'],
      'x-error-message':
        'must be a remediation id (a UUID), as the answer to that remediation gave it',
      'x-amzn-form-display-name': 'Remediation to undo',
    }),
    ...writeFields,
  },
  { additionalProperties: false },
);
export type UndoInput = Static<typeof Input>;

const words = (description: string) => Type.Array(Type.String(), { description });
const Details = Type.Object({
  undoneRemediationId: Type.String({ description: 'The remediation this undo reverses.' }),
  undoneOperation: Type.Optional(Type.String({ description: 'The operation it ran.' })),
  restored: words('What was (or would be) put back as it was.'),
  removed: words('What was (or would be) removed because the original run added it.'),
  cannotRestore: words('What the original run changed that no undo can bring back.'),
  notes: words('Things the reader should know.'),
});
type Details = Static<typeof Details>;

/** The parts of undoRemediation that do not depend on which remediation is undone. */
export const undoRemediationSpec = {
  name: 'undoRemediation',
  path: '/remediations/undo',
  summary: 'Undo a remediation: put back what it changed',
  description:
    'Reverses one earlier remediation by its id, for remediations that declare an undo: for a closed port, re-creates exactly the rules that were removed and removes the ones added in their place; for a contained IAM user, reactivates the keys that were deactivated and removes the deny policy (the console password cannot be restored). Deleting a user cannot be undone. Use dryRun to preview; an undo runs only once and is recorded in the audit trail like any change.',
  input: Input,
  details: Details,
  controls: ['IR-05', 'LOG-02'],
};

const REVERSIBLE_OUTCOMES = ['remediated', 'partially_remediated'];

export interface UndoRequest {
  /** The remediation to reverse; its record, when one exists. */
  undoneId: string;
  original: RemediationView | undefined;
  /** The registry entry that ran it. */
  originalAction: WriteAction | undefined;
  /** The undo's own remediation id, which marks the original as undone. */
  undoRemediationId: string;
  audit: AuditStore;
}

/**
 * undoRemediation for one original: a write action whose target is the original's target (so it
 * takes the same resource lock) and whose plan is the original action's declared undo. It is
 * not reversible itself, so only responders (and machines with the write scope) may run it:
 * putting back a closed port re-opens it to the internet.
 */
export function undoActionFor(request: UndoRequest) {
  const { undoneId, original, originalAction, audit, undoRemediationId } = request;
  let claimed = false;
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
  const action: WriteAction<typeof Input, typeof Details> = {
    ...undoRemediationSpec,
    kind: 'write',
    permissions: [],
    reversible: false,
    target: (): Target =>
      original?.target ?? {
        accountId: 'unknown',
        resourceType: 'remediation',
        resourceId: undoneId,
      },
    async plan(context, input) {
      const refusal = whyNot(request);
      if (refusal) return stop(refusal.status, refusal.summary);
      const view = original as RemediationView;
      const undo = originalAction?.undo as NonNullable<WriteAction['undo']>;
      const mark = await audit.undoMarkers.get(undoneId).catch(() => undefined);
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
      try {
        claimed = await audit.undoMarkers.claim(undoneId, undoRemediationId);
      } catch {
        return stop(
          'failed',
          'Nothing was changed: the undo could not be recorded before running, and an unrecorded undo could run twice. Try again in a few minutes.',
        );
      }
      if (!claimed) {
        const again = await audit.undoMarkers.get(undoneId).catch(() => undefined);
        return stop('refused', alreadyUndone(undoneId, again));
      }
      return wrapped;
    },
  };
  return {
    action: action as unknown as WriteAction,
    /** Marks the original undone once this undo made all its changes; frees the claim otherwise. */
    async finished(outcome: Outcome): Promise<void> {
      if (!claimed) return;
      await audit.undoMarkers
        .finish(undoneId, undoRemediationId, outcome.outcome === 'remediated')
        .catch(() => undefined);
    },
  };
}

function whyNot(
  request: UndoRequest,
): { status: 'refused' | 'failed'; summary: string } | undefined {
  const { undoneId, original, originalAction } = request;
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
