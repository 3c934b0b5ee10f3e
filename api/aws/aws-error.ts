import { AwsCallError } from '../errors.js';

/** AWS's error code for an SDK error (`error.name` in SDK v3), or a fallback for other errors. */
export function awsErrorCode(error: unknown): string {
  if (error instanceof AwsCallError) return error.awsCode;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== 'Error' ? name : 'UnknownError';
}

export function isAwsError(error: unknown, ...codes: string[]): boolean {
  return codes.includes(awsErrorCode(error));
}

/** Turns an SDK failure into a domain error at the boundary, keeping AWS's code and message. */
export function translateAwsError(operation: string, error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const message = (error as Error | undefined)?.message ?? String(error);
  return new AwsCallError(operation, awsErrorCode(error), message);
}
