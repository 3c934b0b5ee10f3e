import { refusedStart, StartBody, StartResponse } from '../bulk-job/schemas.js';
import { defineJobAction, loadOnFirstCall } from '../define.js';

/**
 * Closes a port on many groups at once, as a job: each group is one closeSecurityGroupPort
 * through the write pipeline. Its member-account calls are findExposedResources' (the selection)
 * and closeSecurityGroupPort's (each target), so this entry declares none of its own.
 */
export const startBulkRemediation = defineJobAction({
  name: 'startBulkRemediation',
  path: '/bulk-remediations',
  summary: 'Close a port everywhere at once: start a bulk remediation job',
  description:
    'Starts a job that closes a port (default 22, SSH) on every security group findExposedResources lists as open to the internet in the accounts and Regions asked (all of them when none are), or on the groups named in targets. Each group gets one ordinary closeSecurityGroupPort remediation, recorded and undoable on its own; protected groups are refused one by one without stopping the job. Answers at once with a job id and the number of targets; use dryRun to preview every target first. A real run needs a ticket and a reason.',
  input: StartBody,
  output: StartResponse,
  controls: ['NET-02', 'NET-03', 'IR-03', 'IR-01'],
  permissions: [],
  effect: 'start',
  // undoBulkRemediation re-creates every rule a job removed.
  reversible: true,
  refused: refusedStart,
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.startJob)),
});
