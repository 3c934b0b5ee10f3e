/**
 * An AWS service error as the caller must see it: the code becomes the SDK error's `name`, the
 * status its `$metadata.httpStatusCode`. Operations throw it; the route renders it in the
 * service's own error envelope.
 */
export class QueryError extends Error {
  readonly type: 'Sender' | 'Receiver';

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
    this.type = status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** awsQuery's validation failure: every broken constraint in one message, as IAM and STS word it. */
export function validationError(problems: string[]): QueryError {
  const count = problems.length;
  const noun = count === 1 ? 'error' : 'errors';
  return new QueryError(
    'ValidationError',
    `${count} validation ${noun} detected: ${problems.join('; ')}`,
  );
}
