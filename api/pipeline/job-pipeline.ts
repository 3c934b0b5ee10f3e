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
}

export const JOBS_NOT_CONFIGURED =
  'Bulk remediation is not set up in this deployment (no state machine is configured); run the remediations one by one.';

/**
 * A job operation, whichever door it came through. In order: the write scope (403, as for every
 * job operation), the ticket and reason of a real start (400: nothing is selected without them),
 * a deployment that can run jobs, the person's group, then the operation. The per-resource checks
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
  if (action.effect === 'start' && input.dryRun !== true && (!input.ticket || !input.reason)) {
    throw new InputError(
      'A bulk remediation changes many resources at once: give the incident ticket and a reason, or set dryRun to true to preview every target.',
    );
  }
  const jobs = deps.bulk?.jobs();
  if (!jobs) return action.refused(input, JOBS_NOT_CONFIGURED);
  const notInGroup = groupRefusal(config, action, requester);
  if (notInGroup) return action.refused(input, notInGroup);
  return action.run(
    { config, jobs, caller: { requester, origin: request.origin, log: request.log } },
    input,
  );
}
