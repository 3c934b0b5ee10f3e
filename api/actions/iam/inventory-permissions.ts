/**
 * The IAM actions `inventoryOf` (inventory.ts) calls, for the permissions every caller declares.
 * Apart from the inventory so declarations stay free of the AWS SDK.
 */
export const INVENTORY_PERMISSIONS = [
  'iam:GetLoginProfile',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'iam:ListSigningCertificates',
  'iam:ListSSHPublicKeys',
  'iam:ListServiceSpecificCredentials',
  'iam:ListMFADevices',
  'iam:ListUserPolicies',
  'iam:GetUserPolicy',
  'iam:ListAttachedUserPolicies',
  'iam:ListGroupsForUser',
];
