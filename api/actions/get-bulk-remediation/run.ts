import type { Static } from 'typebox';
import type { GetInput, JobResponse } from '../bulk-job/schemas.js';
import type { JobContext } from '../define.js';

/** One page of the job's targets; nextToken is the offset of the next page. */
export async function getJob(
  { jobs }: JobContext,
  input: Static<typeof GetInput>,
): Promise<Static<typeof JobResponse>> {
  const job = await jobs.get(input.jobId, {
    ...(input.status ? { status: input.status } : {}),
    limit: input.limit ?? 50,
    offset: Number(input.nextToken ?? 0),
  });
  if (!job) return { outcome: 'refused', summary: `No bulk job ${input.jobId} was found.` };
  return { outcome: 'answered', ...job };
}
