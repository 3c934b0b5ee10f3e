import type { Static } from 'typebox';
import type { StartBody, StartResponse } from '../bulk-job/schemas.js';
import type { JobContext } from '../define.js';

/** The body's comma-separated lists, as the jobs service takes them. */
export function startJob(
  { jobs, caller }: JobContext,
  input: Static<typeof StartBody>,
): Promise<Static<typeof StartResponse>> {
  const list = (text: string | undefined) => (text ? text.split(',') : undefined);
  const targets = list(input.groups)?.map((entry) => {
    const [accountId = '', region = '', groupId = ''] = entry.split('/');
    return { accountId, region, groupId };
  });
  const accountIds = list(input.accounts);
  const regions = list(input.regions);
  return jobs.start(caller, {
    port: input.port ?? 22,
    ...(targets ? { targets } : {}),
    ...(accountIds ? { accountIds } : {}),
    ...(regions ? { regions } : {}),
    ...(input.dryRun ? { dryRun: true } : {}),
    ...(input.ticket ? { ticket: input.ticket } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  });
}
