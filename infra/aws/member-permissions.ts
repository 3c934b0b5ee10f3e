import type { Action } from '../../api/actions/action.js';

/** Every IAM action the registry's operations declare, sorted and without duplicates. */
export function declaredPermissions(actions: readonly Action[]): string[] {
  return [...new Set(actions.flatMap((action) => action.permissions))].sort();
}

/** Declared IAM actions that change something (not Get/List/Describe...). */
export function mutatingIamPermissions(permissions: readonly string[]): string[] {
  return permissions.filter(
    (permission) =>
      permission.startsWith('iam:') && !/^iam:(Get|List|Generate|Simulate)/.test(permission),
  );
}
