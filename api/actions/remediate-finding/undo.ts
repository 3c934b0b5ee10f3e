import { loadOnFirstCall, type UndoDeclaration } from '../define.js';
import type { RemediateFindingDetails, RemediateFindingInput } from './action.js';

/**
 * Reverses a finding's fix with the undo of the operation that made it (re-created rules for
 * closed ports, reactivated keys for revoked credentials), last run first, then sets the finding
 * back to NEW: the exposure it reported is back. Declares no permissions of its own: the mapped
 * operations' undos declare theirs.
 */
export const undoRemediateFinding: UndoDeclaration<RemediateFindingInput, RemediateFindingDetails> =
  {
    description:
      "Undoes each change the finding's fix made with that operation's own undo, last first, and sets the finding back to NEW in Security Hub.",
    permissions: [],
    plan: loadOnFirstCall(() => import('./undo-plan.js').then((m) => m.planUndoRemediateFinding)),
  };
