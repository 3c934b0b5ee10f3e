import { Type } from 'typebox';

/** IAM's own pattern for user and role names: letters, digits and +=,.@_- up to 64. */
const IAM_NAME = '^[\\w+=,.@-]{1,64}$';
const IAM_NAME_ERROR = 'must be 1 to 64 letters, digits or + = , . @ _ -';

export const userName = Type.String({
  pattern: IAM_NAME,
  description: 'The IAM user name, exactly as IAM shows it, for example svc-backup-admin.',
  // A user the sandbox's attacker created.
  examples: ['svc-backup-admin'],
  'x-error-message': IAM_NAME_ERROR,
  'x-amzn-form-display-name': 'IAM user',
});

export const roleName = Type.String({
  pattern: IAM_NAME,
  description: 'The IAM role name (not its ARN), for example ci-deploy-role.',
  // The sandbox's compromised CI role.
  examples: ['ci-deploy-role'],
  'x-error-message': `${IAM_NAME_ERROR} (the role name, not its ARN)`,
  'x-amzn-form-display-name': 'IAM role',
});
