import { CancelInput, CancelResponse, refusedOnly } from '../bulk-job/schemas.js';
import { defineJobAction, loadOnFirstCall } from '../define.js';

/** Stops a job's targets that have not started; it reaches no member account itself. */
export const cancelBulkRemediation = defineJobAction({
  name: 'cancelBulkRemediation',
  path: '/bulk-remediations/{jobId}/cancel',
  summary: 'Cancel a bulk remediation job',
  description:
    'Stops a running bulk remediation job: targets not yet started are not run; the ones under way finish. Nothing already done is reversed; use undoBulkRemediation for that.',
  input: CancelInput,
  output: CancelResponse,
  controls: ['IR-01'],
  permissions: [],
  effect: 'stop',
  refused: refusedOnly,
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.cancelJob)),
});
