import { GetRoleCommand, GetUserCommand, type IAMClient, type Tag } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';

/** An IAM user or role as protection and the summaries need it. */
export interface Principal {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  path: string;
  createDate?: Date;
  tags: Record<string, string>;
}

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

/** GetRole, with the role's tags; undefined when there is no such role. */
export async function getRole(iam: IAMClient, roleName: string): Promise<Principal | undefined> {
  try {
    const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    if (!role) return undefined;
    return {
      kind: 'role',
      name: role.RoleName ?? roleName,
      arn: role.Arn ?? '',
      path: role.Path ?? '/',
      ...(role.CreateDate ? { createDate: role.CreateDate } : {}),
      tags: tagMap(role.Tags),
    };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw translateAwsError('iam:GetRole', error);
  }
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}
