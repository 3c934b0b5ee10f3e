/**
 * Every error the service raises on purpose. HTTP errors are for requests that could not be
 * processed; an outcome the user must read (refused, failed at step N) is a 2XX body instead.
 */
export abstract class RemediationApiError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The environment is wrong; raised once at start, naming each bad variable. */
export class ConfigError extends RemediationApiError {
  readonly statusCode = 500;
  readonly code = 'ConfigError';
}

/** No token, or one that is malformed, expired, foreign or badly signed. */
export class AuthenticationError extends RemediationApiError {
  readonly statusCode = 401;
  readonly code = 'Unauthorized';
}

/** The signing keys could not be loaded, so no token can be checked; nothing is let through. */
export class KeysUnavailableError extends RemediationApiError {
  readonly statusCode = 503;
  readonly code = 'KeysUnavailable';
  /** Sent as Retry-After; failed fetches are not cached, so the next request tries again. */
  readonly retryAfterSeconds = 60;
  /** @param cause why the keys could not be loaded, for the log only. */
  constructor(cause?: unknown) {
    super('The sign-in keys could not be loaded right now; try again in a minute.');
    this.cause = cause;
  }
}

/** A valid token that lacks the operation's scope. */
export class MissingScopeError extends RemediationApiError {
  readonly statusCode = 403;
  readonly code = 'InsufficientScope';
  constructor(readonly scope: string) {
    super(`This operation needs the OAuth scope "${scope}", which the token does not carry.`);
  }
}

/** The request names an account or region this deployment may not act in. */
export class TargetNotAllowedError extends RemediationApiError {
  readonly statusCode = 403;
  readonly code = 'TargetNotAllowed';
}

/** Input that passed the schema but is still unusable (for example a missing reason). */
export class InputError extends RemediationApiError {
  readonly statusCode = 400;
  readonly code = 'BadRequest';
}

/** An AWS call failed; `awsCode` is AWS's error code, kept for the step report. */
export class AwsCallError extends RemediationApiError {
  readonly statusCode = 502;
  readonly code = 'AwsCallFailed';
  constructor(
    readonly operation: string,
    readonly awsCode: string,
    awsMessage: string,
    /** AWS's request id, for the log line a support case needs. */
    readonly awsRequestId?: string,
  ) {
    super(`${operation} failed: ${awsCode}: ${awsMessage}`);
  }
}
