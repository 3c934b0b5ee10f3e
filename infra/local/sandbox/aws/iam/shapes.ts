import type { IamGroup, IamRole, IamUser, Tag } from '../../state.js';
import type { XmlValue } from '../xml.js';

/**
 * The response shapes IAM shares between calls, keyed by wire element name. List calls leave
 * out what only the Get calls return (ListUsers has no Tags or PermissionsBoundary).
 */
export function userXml(user: IamUser, detail: 'get' | 'list' = 'get'): XmlValue {
  const full = detail === 'get';
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: user.createDate,
    PasswordLastUsed: user.passwordLastUsed,
    PermissionsBoundary:
      full && user.permissionsBoundaryArn
        ? {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: user.permissionsBoundaryArn,
          }
        : undefined,
    Tags: full && user.tags.length > 0 ? tagsXml(user.tags) : undefined,
  };
}

export function roleXml(role: IamRole): XmlValue {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicy(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: role.tags.length > 0 ? tagsXml(role.tags) : undefined,
    // AWS answers an empty RoleLastUsed for a role nobody has used yet.
    RoleLastUsed: role.roleLastUsed
      ? { LastUsedDate: role.roleLastUsed.date, Region: role.roleLastUsed.region }
      : {},
  };
}

export function groupXml(group: IamGroup): XmlValue {
  return {
    Path: group.path,
    GroupName: group.groupName,
    GroupId: group.groupId,
    Arn: group.arn,
    CreateDate: group.createDate,
  };
}

export function tagsXml(tags: Tag[]): XmlValue {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

/**
 * IAM returns policy documents URL-encoded (RFC 3986); callers must decode them before parsing.
 * encodeURIComponent leaves `!'()*` alone, which decodes the same way.
 */
export function encodePolicy(document: string): string {
  return encodeURIComponent(document);
}
