import { JsonServiceError } from '../json-call.js';

/**
 * An Organizations error as the JSON 1.1 protocol carries it: `__type` names the code (the SDK
 * error's `name`), `Message` the text; some codes add members such as `Reason`.
 */
export class OrganizationsError extends JsonServiceError {}

export const notInUse = () =>
  new OrganizationsError(
    'AWSOrganizationsNotInUseException',
    'Your account is not a member of an organization.',
  );

export const accessDenied = () =>
  new OrganizationsError(
    'AccessDeniedException',
    "You don't have permissions to access this resource.",
  );

export function invalidInput(reason: string, message: string): OrganizationsError {
  return new OrganizationsError('InvalidInputException', message, 400, { Reason: reason });
}
