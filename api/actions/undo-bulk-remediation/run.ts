import type { Static } from 'typebox';
import type { StartResponse, UndoInput } from '../bulk-job/schemas.js';
import type { JobContext } from '../define.js';

export function undoJob(
  { jobs, caller }: JobContext,
  input: Static<typeof UndoInput>,
): Promise<Static<typeof StartResponse>> {
  const { jobId, ...fields } = input;
  return jobs.undo(caller, jobId, fields);
}
