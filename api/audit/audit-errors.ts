import { RemediationApiError } from '../errors.js';

/**
 * The audit tables could not be read or written. A write request never goes ahead without its
 * record, so callers turn this into a `failed` outcome that changes nothing (fail closed).
 */
export class AuditUnavailableError extends RemediationApiError {
  readonly statusCode = 503;
  readonly code = 'AuditUnavailable';
  constructor(
    readonly what: string,
    override readonly cause?: unknown,
  ) {
    super(`The audit trail could not ${what}.`);
  }
}

/**
 * The same Idempotency-Key came with a different request. 422 as the IETF Idempotency-Key draft
 * (draft-ietf-httpapi-idempotency-key-header) recommends; nothing ran.
 */
export class IdempotencyKeyReusedError extends RemediationApiError {
  readonly statusCode = 422;
  readonly code = 'IdempotencyKeyReused';
  constructor(key: string, remediationId: string) {
    super(
      `The Idempotency-Key "${key}" was already used for a different request (remediation ${remediationId}); nothing was run. Use a new key for a new request, or resend the original request unchanged to get its result.`,
    );
  }
}

/** The first request with this key is still running; 409 as the IETF draft recommends. */
export class IdempotencyKeyInProgressError extends RemediationApiError {
  readonly statusCode = 409;
  readonly code = 'IdempotencyKeyInProgress';
  constructor(key: string, remediationId: string) {
    super(
      `The first request with Idempotency-Key "${key}" (remediation ${remediationId}) is still running; nothing new was run. Send it again in a few seconds to get its result.`,
    );
  }
}
