import { GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { type Principal, tagMap } from './principal.js';

export interface UserPrincipal extends Principal {
  kind: 'user';
  /** When the console password was last used to sign in. */
  passwordLastUsed?: Date;
}

/**
 * GetUser answers with the user's tags as well, so one call settles both existence and
 * protection before anything else is read. Undefined when there is no such user.
 */
export async function getUser(
  iam: IAMClient,
  userName: string,
): Promise<UserPrincipal | undefined> {
  try {
    const { User: user } = await iam.send(new GetUserCommand({ UserName: userName }));
    if (!user) return undefined;
    return {
      kind: 'user',
      name: user.UserName ?? userName,
      arn: user.Arn ?? '',
      path: user.Path ?? '/',
      ...(user.CreateDate ? { createDate: user.CreateDate } : {}),
      ...(user.PasswordLastUsed ? { passwordLastUsed: user.PasswordLastUsed } : {}),
      tags: tagMap(user.Tags),
    };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw translateAwsError('iam:GetUser', error);
  }
}
