/**
 * An Organizations error as the JSON 1.1 protocol carries it: `__type` names the code (the SDK
 * error's `name`), `Message` the text; some codes add members such as `Reason`.
 */
export class OrganizationsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly members: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

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
