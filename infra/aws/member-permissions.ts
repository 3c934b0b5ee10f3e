import type { Action } from '../../api/actions/define.js';

/** Every IAM action the registry's operations and their undos declare, sorted, without duplicates. */
export function declaredPermissions(actions: readonly Action[]): string[] {
  const undos = actions.flatMap((action) =>
    action.kind === 'write' && action.undo ? action.undo.permissions : [],
  );
  return [...new Set([...actions.flatMap((action) => action.permissions), ...undos])].sort();
}

/** Declared IAM actions that change something (not Get/List/Describe...). */
export function mutatingIamPermissions(permissions: readonly string[]): string[] {
  return permissions.filter(
    (permission) =>
      permission.startsWith('iam:') && !/^iam:(Get|List|Generate|Simulate)/.test(permission),
  );
}
