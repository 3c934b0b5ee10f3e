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

/**
 * The codes AWS documents for throttling: EC2's RequestLimitExceeded, the Query APIs' (IAM, STS,
 * Auto Scaling, ELB) Throttling, and the JSON APIs' ThrottlingException / TooManyRequestsException.
 */
const THROTTLING_CODES = [
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
];

/** True when AWS refused the call for its rate, not for what it asked: later, it may succeed. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_CODES.includes(awsErrorCode(error));
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
