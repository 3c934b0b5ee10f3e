import type { FastifyBaseLogger } from 'fastify';
import type { JobAction } from '../actions/define.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import { groupRefusal, scopeFor } from '../auth/authorize.js';
import type { Requester } from '../auth/requester.js';
import type { BulkService } from '../bulk/bulk-service.js';
import type { Config } from '../config.js';
import { InputError, MissingScopeError } from '../errors.js';

export interface JobDependencies {
  config: Config;
  /** The jobs service; absent or without an engine, every job operation is refused. */
  bulk?: Pick<BulkService, 'jobs'>;
}

export interface JobRequest {
  action: JobAction;
  /** Validated against `action.input` by the door (path parameters and body or query together). */
  input: Record<string, unknown>;
  requester: Requester;
  origin: RequestOrigin;
  log: FastifyBaseLogger;
  /**
   * Set by a door whose caller may act without a person reading a plan (MCP, per
   * PLAN_REQUIRED_DOORS). A job has no planId to confirm, so there a job starts only as a dry run.
   */
  previewOnly?: boolean;
}

export const JOBS_PREVIEW_ONLY =
  'Nothing was started: through this door a bulk job runs only as a preview. Send it again with dryRun set to true to see every target; a person starts the real job from the chat, the Bedrock agent or HTTP, where they confirm it.';

export const JOBS_NOT_CONFIGURED =
  'Bulk remediation is not set up in this deployment (no state machine is configured); run the remediations one by one.';

/**
 * A job operation, whichever door it came through. In order: the write scope (403, as for every
 * job operation), the person's group, a door that may start real jobs, the ticket and reason of a
 * real start (400: nothing is selected without them), a deployment that can run jobs, then the
 * operation. The per-resource checks
 * (allow-list, record, lock, idempotency) are the write pipeline's, once per target of the job.
 */
export async function runJob(
  deps: JobDependencies,
  request: JobRequest,
): Promise<Record<string, unknown>> {
  const { config } = deps;
  const { action, input, requester } = request;
  const scope = scopeFor(config, 'write');
  if (!requester.scopes.includes(scope)) throw new MissingScopeError(scope);
  // Before anything about the request is checked or built, as in the write pipeline.
  const notInGroup = groupRefusal(config, action, requester);
  if (notInGroup) return action.refused(input, notInGroup);
  const realStart = action.effect === 'start' && input.dryRun !== true;
  if (realStart && request.previewOnly) return action.refused(input, JOBS_PREVIEW_ONLY);
  if (realStart && (!input.ticket || !input.reason)) {
    throw new InputError(
      'A bulk remediation changes many resources at once: give the incident ticket and a reason, or set dryRun to true to preview every target.',
    );
  }
  const jobs = deps.bulk?.jobs();
  if (!jobs) return action.refused(input, JOBS_NOT_CONFIGURED);
  return action.run(
    { config, jobs, caller: { requester, origin: request.origin, log: request.log } },
    input,
  );
}
