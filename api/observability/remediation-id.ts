import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

/** pino's child logger API; Fastify's no-op logger (logger: false) has neither method. */
interface BindableLogger {
  bindings?(): Record<string, unknown>;
  setBindings?(bindings: Record<string, unknown>): void;
}

/**
 * Puts `remediationId` on every later log line of the request, beside Fastify's `reqId`.
 *
 * It edits the request's own child logger in place (pino `setBindings`) rather than replacing
 * `request.log`, because the action context, the reply and Fastify's "request completed" line
 * all hold that same logger object: one call reaches them all. Idempotent: a second call, or a
 * replayed answer carrying an earlier id, leaves the first binding (pino would repeat the key).
 */
export function bindRemediationId(
  target: FastifyRequest | FastifyBaseLogger,
  remediationId: string,
): void {
  const log = ('log' in target ? target.log : target) as BindableLogger;
  if (!log.setBindings || !log.bindings) return;
  if (log.bindings().remediationId !== undefined) return;
  log.setBindings({ remediationId });
}
