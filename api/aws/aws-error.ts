import { AwsCallError } from '../errors.js';

/**
 * AWS's error code for an SDK error. Modelled errors are named after their class
 * (`NoSuchEntityException`) and keep the wire code in `Code` (`NoSuchEntity`); unmodelled ones,
 * like every EC2 error, carry the wire code as their name.
 */
export function awsErrorCode(error: unknown): string {
  if (error instanceof AwsCallError) return error.awsCode;
  const { Code, name } = (error ?? {}) as { Code?: unknown; name?: unknown };
  if (typeof Code === 'string' && Code) return Code;
  return typeof name === 'string' && name !== 'Error' ? name : 'UnknownError';
}

export function isAwsError(error: unknown, ...codes: string[]): boolean {
  return codes.includes(awsErrorCode(error));
}

/** Turns an SDK failure into a domain error at the boundary, keeping AWS's code and message. */
export function translateAwsError(operation: string, error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  const { $metadata } = (error ?? {}) as { $metadata?: { requestId?: string } };
  return new AwsCallError(operation, awsErrorCode(error), message, $metadata?.requestId);
}
