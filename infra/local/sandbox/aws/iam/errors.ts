import { QueryError } from '../query-error.js';

/**
 * IAM's error answers, worded the way IAM words them, so a remediation that reads the message
 * (or shows it to a person) sees in the sandbox what it will see in AWS.
 */
export function noSuchEntity(message: string): QueryError {
  return new QueryError('NoSuchEntity', message, 404);
}

export function deleteConflict(message: string): QueryError {
  return new QueryError('DeleteConflict', message, 409);
}

export function entityAlreadyExists(message: string): QueryError {
  return new QueryError('EntityAlreadyExists', message, 409);
}

export function limitExceeded(message: string): QueryError {
  return new QueryError('LimitExceeded', message, 409);
}

export function malformedPolicy(message = 'Syntax errors in policy.'): QueryError {
  return new QueryError('MalformedPolicyDocument', message, 400);
}

/** Service-linked roles and IAM Identity Center roles belong to AWS, whatever the caller's rights. */
export function unmodifiableRole(roleName: string): QueryError {
  return new QueryError(
    'UnmodifiableEntity',
    `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
    400,
  );
}
