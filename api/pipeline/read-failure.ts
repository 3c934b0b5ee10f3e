import type { Target } from '../actions/define.js';
import { awsErrorCode, isThrottling } from '../aws/aws-error.js';
import type { AwsCallError } from '../errors.js';

/**
 * What an analyst reads when AWS would not answer a read: the role missing or not trusting this
 * API, access denied, throttling past the retries, or anything else, in that order of likelihood.
 */
export function readFailure(
  error: AwsCallError,
  target: { accountId: string } & Partial<Target>,
): string {
  const code = awsErrorCode(error);
  if (error.operation === 'sts:AssumeRole' && code === 'AccessDenied') {
    return `This API cannot act in account ${target.accountId}: assuming its remediation role was denied. The member-account role must be deployed there and trust this API.`;
  }
  if (/AccessDenied|UnauthorizedOperation/.test(code)) {
    return `AWS denied this API's remediation role in account ${target.accountId} the read it needs (${error.operation} answered ${code}). The member-account role may be out of date; tell the team that runs this API.`;
  }
  if (isThrottling(error)) {
    return `AWS is limiting requests in account ${target.accountId} right now (${error.operation} answered ${code}). Nothing was changed; try again in a minute.`;
  }
  return `Could not read the current state from AWS: ${error.message}`;
}
