import { JsonServiceError } from '../json-call.js';

/**
 * A Q Business error as the SDK must see it: REST-JSON puts the code in `x-amzn-errortype` and the
 * members in the body, so `error.name` is the code and `$metadata.httpStatusCode` the status.
 */
export class QBusinessError extends JsonServiceError {}

export function notFound(resourceType: string, resourceId: string, message?: string) {
  return new QBusinessError(
    'ResourceNotFoundException',
    message ?? `The ${resourceType} ${resourceId} was not found.`,
    404,
    { resourceId, resourceType },
  );
}

export function conflict(resourceType: string, resourceId: string, message: string) {
  return new QBusinessError('ConflictException', message, 409, { resourceId, resourceType });
}

export function quotaExceeded(resourceType: string, resourceId: string, message: string) {
  return new QBusinessError('ServiceQuotaExceededException', message, 402, {
    resourceId,
    resourceType,
  });
}

/** Collects every broken constraint so one answer names them all, as the service does. */
export class Problems {
  private readonly fields: Array<{ name: string; message: string }> = [];

  add(name: string, message: string): void {
    this.fields.push({ name, message });
  }

  get count(): number {
    return this.fields.length;
  }

  throwIfAny(): void {
    if (this.fields.length === 0) return;
    const summary = this.fields.map((field) => `${field.name}: ${field.message}`).join('; ');
    throw new QBusinessError('ValidationException', `Input validation failed. ${summary}`, 400, {
      reason: 'FIELD_VALIDATION_FAILED',
      fields: this.fields,
    });
  }
}

export function cannotParse(message: string): QBusinessError {
  return new QBusinessError('ValidationException', message, 400, { reason: 'CANNOT_PARSE' });
}
