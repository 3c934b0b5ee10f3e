import type { Action } from './action.js';
import { deleteIamUser } from './iam/delete-iam-user.js';
import { getIamUser } from './iam/get-iam-user.js';
import { revokeIamRoleSessions } from './iam/revoke-iam-role-sessions.js';
import { revokeIamUserCredentials } from './iam/revoke-iam-user-credentials.js';
import { closeSecurityGroupPort } from './security-group/close-security-group-port.js';
import { getSecurityGroup } from './security-group/get-security-group.js';

/**
 * Every operation the API offers. Routes, the OpenAPI document, scopes and the member-account
 * IAM policy are all derived from this list; adding a remediation is one module plus its tests.
 */
export const registry: readonly Action[] = [
  getSecurityGroup,
  closeSecurityGroupPort,
  getIamUser,
  revokeIamUserCredentials,
  revokeIamRoleSessions,
  deleteIamUser,
] as unknown as readonly Action[];

export function findAction(name: string): Action | undefined {
  return registry.find((action) => action.name === name);
}
