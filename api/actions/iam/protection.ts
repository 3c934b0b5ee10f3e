import type { Config } from '../../config.js';
import type { Principal } from './principal.js';

/**
 * Why this API must not change the principal, as a sentence for the chat; undefined when it may.
 * Decided from GetUser/GetRole before any write, so a refusal never leaves anything half done.
 */
export function protectionOf(config: Config, principal: Principal): string | undefined {
  const label = `${principal.kind === 'user' ? 'User' : 'Role'} ${principal.name}`;
  const named = (names: string[]) => names.some((name) => sameName(name, principal.name));
  if (principal.kind === 'role') {
    if (sameName(principal.name, config.remediationRoleName)) {
      return `${label} is the role this API itself acts through in the account, so it will not change it: doing so could lock Security out of the account in the middle of an incident.`;
    }
    const unmodifiable = unmodifiableRoleGuidance(principal);
    if (unmodifiable) return unmodifiable;
  }
  if (named(principal.kind === 'user' ? config.protectedUsers : config.protectedRoles)) {
    return `${label} is a configured break-glass identity, which automated remediation never changes (IAM-04). If it is suspected compromised, Security Operations contains it by hand.`;
  }
  if (config.protectedTagKey in principal.tags) {
    return `${label} carries the tag "${config.protectedTagKey}", so this API will not change it (IAM-04). If it must be contained, Security Operations does it by hand, or its owner removes the tag through an approved change.`;
  }
  return undefined;
}

/**
 * Service-linked and IAM Identity Center roles cannot be changed through IAM (UnmodifiableEntity);
 * this says what to do instead, for the same refusal whether decided up front or from the error.
 */
export function unmodifiableRoleGuidance(role: { name: string; path: string }): string | undefined {
  if (isIdentityCenterRole(role)) {
    return `Role ${role.name} was created by IAM Identity Center for a permission set, and IAM does not allow changing it. To cut off the people using it, act in IAM Identity Center: revoke the user's active sessions there (and suspend the user or remove the account assignment of the permission set).`;
  }
  if (role.path.startsWith('/aws-service-role/')) {
    return `Role ${role.name} is a service-linked role that only the AWS service ${serviceOf(role.path)} can use, and IAM does not allow changing it. Contain the user or role that misused the service instead (revoke its credentials or sessions), or turn off the service feature that uses the role.`;
  }
  return undefined;
}

function isIdentityCenterRole(role: { name: string; path: string }): boolean {
  return (
    role.path.startsWith('/aws-reserved/sso.amazonaws.com/') ||
    role.name.startsWith('AWSReservedSSO_')
  );
}

/** `/aws-service-role/support.amazonaws.com/` → `support.amazonaws.com`. */
function serviceOf(path: string): string {
  return path.split('/').filter(Boolean)[1] ?? 'that owns it';
}

/** IAM names are unique regardless of case: `Break-Glass-Admin` is the same user. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
