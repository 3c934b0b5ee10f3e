import { Type } from 'typebox';

/** IAM's own pattern for user and role names: letters, digits and +=,.@_- up to 64. */
const IAM_NAME = '^[\\w+=,.@-]{1,64}$';

export const userName = Type.String({
  pattern: IAM_NAME,
  description: 'The IAM user name, exactly as IAM shows it, for example svc-backup-admin.',
  'x-amzn-form-display-name': 'IAM user',
});

export const roleName = Type.String({
  pattern: IAM_NAME,
  description: 'The IAM role name (not its ARN), for example ci-deploy-role.',
  'x-amzn-form-display-name': 'IAM role',
});
