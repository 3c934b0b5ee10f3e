import type { IamAccount, IamGroup, IamRole, IamUser } from '../../state.js';
import type { QueryContext } from '../query.js';
import { QueryError } from '../query-error.js';
import { noSuchEntity, unmodifiableRole } from './errors.js';

/** IAM is global: every call acts on the IAM of the caller's account, whatever the region. */
export function iamOf(context: QueryContext): IamAccount {
  const account = context.world.accounts.get(context.accountId);
  if (!account) throw new Error(`The sandbox has no account ${context.accountId}`);
  return account.iam;
}

export function userByName(context: QueryContext, userName: string): IamUser {
  const user = iamOf(context).users.get(userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

/**
 * Calls whose UserName is optional act on the calling IAM user when it is left out; role
 * sessions have no user to fall back to.
 */
export function targetUser(context: QueryContext, userName: string | undefined): IamUser {
  if (userName !== undefined) return userByName(context, userName);
  const { principal } = context;
  const caller = principal.session
    ? undefined
    : [...iamOf(context).users.values()].find((user) => user.arn === principal.arn);
  if (!caller) {
    throw new QueryError(
      'ValidationError',
      'Must specify userName when calling with non-User credentials',
    );
  }
  return caller;
}

export function roleByName(context: QueryContext, roleName: string): IamRole {
  const role = iamOf(context).roles.get(roleName);
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

const PROTECTED_ROLE_PATHS = ['/aws-service-role/', '/aws-reserved/sso.amazonaws.com/'];

/** A role the caller may change: service-linked and IAM Identity Center roles are AWS's own. */
export function modifiableRole(context: QueryContext, roleName: string): IamRole {
  const role = roleByName(context, roleName);
  if (PROTECTED_ROLE_PATHS.some((path) => role.path.startsWith(path))) {
    throw unmodifiableRole(role.roleName);
  }
  return role;
}

export function groupByName(context: QueryContext, groupName: string): IamGroup {
  const group = iamOf(context).groups.get(groupName);
  if (!group) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  return group;
}
