import type { IamRole } from '../../state.js';
import type { Operation } from '../query.js';
import { attach, detach, listAttached } from './attached-policies.js';
import { modifiableRole, roleByName } from './entities.js';
import {
  deleteInline,
  getInline,
  type InlineOwner,
  listInline,
  putInline,
} from './inline-policies.js';
import { POLICY_ARN, POLICY_NAME, REQUIRED, readInput } from './input.js';
import { paginate } from './paging.js';
import { roleXml, tagsXml } from './shapes.js';

const ROLE_NAME = { ...REQUIRED, max: 64, pattern: /^[\w+=,.@-]+$/ };

const inline = (role: IamRole): InlineOwner => ({
  kind: 'role',
  name: role.roleName,
  policies: role.inlinePolicies,
});
const attachments = (role: IamRole) => ({
  kind: 'role' as const,
  attachedPolicies: role.attachedPolicies,
});

export const getRole: Operation = (context) => {
  const { RoleName } = readInput(context, { RoleName: ROLE_NAME });
  return { Role: roleXml(roleByName(context, RoleName as string)) };
};

export const listRoleTags: Operation = (context) => {
  const { RoleName } = readInput(context, { RoleName: ROLE_NAME });
  const role = roleByName(context, RoleName as string);
  const { items, ...paging } = paginate(context, role.tags, (tag) => tag.key);
  return { Tags: tagsXml(items), ...paging };
};

export const listRolePolicies: Operation = (context) => {
  const { RoleName } = readInput(context, { RoleName: ROLE_NAME });
  return listInline(context, inline(roleByName(context, RoleName as string)));
};

export const getRolePolicy: Operation = (context) => {
  const input = readInput(context, { RoleName: ROLE_NAME, PolicyName: POLICY_NAME });
  const role = roleByName(context, input.RoleName as string);
  return getInline(inline(role), input.PolicyName as string);
};

/** The way to revoke a role's sessions (AWSRevokeOlderSessions); AWS's own roles refuse it. */
export const putRolePolicy: Operation = (context) => {
  const input = readInput(context, {
    RoleName: ROLE_NAME,
    PolicyName: POLICY_NAME,
    PolicyDocument: { ...REQUIRED, max: 131072 },
  });
  const role = modifiableRole(context, input.RoleName as string);
  putInline(inline(role), input.PolicyName as string, input.PolicyDocument as string);
  return undefined;
};

export const deleteRolePolicy: Operation = (context) => {
  const input = readInput(context, { RoleName: ROLE_NAME, PolicyName: POLICY_NAME });
  const role = modifiableRole(context, input.RoleName as string);
  deleteInline(inline(role), input.PolicyName as string);
  return undefined;
};

export const listAttachedRolePolicies: Operation = (context) => {
  const { RoleName } = readInput(context, { RoleName: ROLE_NAME });
  return listAttached(context, attachments(roleByName(context, RoleName as string)));
};

export const attachRolePolicy: Operation = (context) => {
  const input = readInput(context, { RoleName: ROLE_NAME, PolicyArn: POLICY_ARN });
  const role = modifiableRole(context, input.RoleName as string);
  attach(context, attachments(role), input.PolicyArn as string);
  return undefined;
};

export const detachRolePolicy: Operation = (context) => {
  const input = readInput(context, { RoleName: ROLE_NAME, PolicyArn: POLICY_ARN });
  detach(attachments(modifiableRole(context, input.RoleName as string)), input.PolicyArn as string);
  return undefined;
};
