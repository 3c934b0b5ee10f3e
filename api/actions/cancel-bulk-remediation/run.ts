import type { Static } from 'typebox';
import type { CancelInput, CancelResponse } from '../bulk-job/schemas.js';
import type { JobContext } from '../define.js';

export function cancelJob(
  { jobs, caller }: JobContext,
  input: Static<typeof CancelInput>,
): Promise<Static<typeof CancelResponse>> {
  return jobs.cancel(input.jobId, caller.requester, input.reason);
}
