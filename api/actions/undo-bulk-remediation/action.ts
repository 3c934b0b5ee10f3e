import { refusedStart, StartResponse, UndoInput } from '../bulk-job/schemas.js';
import { defineJobAction, loadOnFirstCall } from '../define.js';

/**
 * Reverses a job as a new job of undoRemediation requests, whose member-account calls are the
 * declared undos' own, so this entry declares none. Not reversible itself, as undoRemediation is
 * not: putting back a closed port re-opens it to the internet.
 */
export const undoBulkRemediation = defineJobAction({
  name: 'undoBulkRemediation',
  path: '/bulk-remediations/{jobId}/undo',
  summary: 'Undo a bulk remediation job: put back what it changed',
  description:
    'Reverses every remediation a finished or cancelled job made, as a new job of undoRemediation requests (one per target, each recorded). Putting back a closed port re-opens it to the internet, so a real run needs a ticket and a reason. Use dryRun to preview.',
  input: UndoInput,
  output: StartResponse,
  controls: ['IR-05', 'LOG-02', 'IR-01'],
  permissions: [],
  effect: 'start',
  reversible: false,
  refused: refusedStart,
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.undoJob)),
});
