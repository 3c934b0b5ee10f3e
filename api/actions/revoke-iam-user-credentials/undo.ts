import { loadOnFirstCall, type UndoDeclaration } from '../define.js';
import { REVOKE_POLICY_NAME } from '../iam/deny-policies.js';
import type { RevokeCredentialsDetails, RevokeCredentialsInput } from './action.js';

/**
 * Lifts a containment by revokeIamUserCredentials: reactivates exactly the keys it deactivated
 * that are still inactive, then removes its deny policy (or puts back the document it replaced).
 * Keys go first so a failure in between leaves older sessions still denied. The console password
 * cannot come back: AWS never reveals one, so the undo says so instead of pretending.
 */
export const undoRevokeCredentials: UndoDeclaration<
  RevokeCredentialsInput,
  RevokeCredentialsDetails
> = {
  description: `Reactivates the access keys the containment deactivated and deletes the deny policy ${REVOKE_POLICY_NAME} it added (or puts back the policy it replaced); a removed console password cannot be restored, because AWS never reveals passwords: an administrator must set a new one.`,
  permissions: [
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:GetLoginProfile',
    'iam:GetUserPolicy',
    'iam:UpdateAccessKey',
    'iam:PutUserPolicy',
    'iam:DeleteUserPolicy',
  ],
  plan: loadOnFirstCall(() => import('./undo-plan.js').then((m) => m.planUndoRevokeCredentials)),
};
