import { JsonServiceError } from '../json-call.js';

/**
 * A Security Hub error on the REST-JSON wire: `x-amzn-ErrorType` names the code and the body
 * carries `Code` and `Message`, which is what the SDK turns into the error's name and message.
 */
export class SecurityHubError extends JsonServiceError {}

export const invalidInput = (message: string) =>
  new SecurityHubError('InvalidInputException', message, 400);

/** The v2 (OCSF) operations answer malformed requests with ValidationException instead. */
export const validation = (message: string) =>
  new SecurityHubError('ValidationException', message, 400);

export const notSubscribed = (accountId: string) =>
  new SecurityHubError(
    'InvalidAccessException',
    `Account ${accountId} is not subscribed to AWS Security Hub`,
    401,
  );
