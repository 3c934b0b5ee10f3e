import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { type Principal, tagMap } from './principal.js';

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
