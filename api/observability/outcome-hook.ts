import type { FastifyInstance } from 'fastify';
import { outcomeRecorded, recordOutcome } from './outcome-metric.js';
import { bindRemediationId } from './remediation-id.js';

interface OutcomeBody {
  operation: string;
  outcome: string;
  remediationId?: unknown;
  replayed?: unknown;
}

const isOutcomeBody = (payload: unknown): payload is OutcomeBody =>
  typeof payload === 'object' &&
  payload !== null &&
  typeof (payload as OutcomeBody).operation === 'string' &&
  typeof (payload as OutcomeBody).outcome === 'string';

/**
 * Records the metric for every answer that carries an outcome (write routes, undo, and any read
 * that answers one), wherever the pipeline produced it, until the pipeline calls recordOutcome
 * itself. preSerialization sees the object before it becomes JSON, so nothing is parsed again.
 * A replayed Idempotency-Key answer ran nothing, so it is not counted a second time.
 */
export function installOutcomeMetrics(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    if (!isOutcomeBody(payload) || payload.replayed === true) return payload;
    if (typeof payload.remediationId === 'string')
      bindRemediationId(request, payload.remediationId);
    if (!outcomeRecorded(request.log))
      recordOutcome(request.log, payload.operation, payload.outcome);
    return payload;
  });
}
