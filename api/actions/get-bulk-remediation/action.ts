import { GetInput, JobResponse, refusedOnly } from '../bulk-job/schemas.js';
import { defineJobAction, loadOnFirstCall } from '../define.js';

/** Reads a job from the jobs table; it reaches no member account. */
export const getBulkRemediation = defineJobAction({
  name: 'getBulkRemediation',
  path: '/bulk-remediations/{jobId}',
  summary: 'Show the progress of a bulk remediation job',
  description:
    'Shows where a bulk remediation job stands: how many targets are done, refused, failed and remaining, and each target with its outcome and remediation id (getRemediation shows its audit record). Reading a job never starts it again; an interrupted run continues without redoing finished targets.',
  input: GetInput,
  output: JobResponse,
  controls: ['IR-01'],
  permissions: [],
  effect: 'inspect',
  refused: refusedOnly,
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.getJob)),
});
