import type { Action, PermissionConditions } from '../../api/actions/define.js';

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

/**
 * The conditions the member policy puts on declared actions. An action is conditioned only when
 * every operation or undo that declares it asks for the same condition: one that needs it without
 * (closeSecurityGroupPort on any group, say) wins, as the broader need.
 */
export function declaredConditions(actions: readonly Action[]): PermissionConditions {
  const declarations = actions.flatMap((action) => [
    { permissions: action.permissions, conditions: action.conditions ?? {} },
    ...(action.kind === 'write' && action.undo
      ? [{ permissions: action.undo.permissions, conditions: action.undo.conditions ?? {} }]
      : []),
  ]);
  const result: PermissionConditions = {};
  for (const permission of declaredPermissions(actions)) {
    const asked = declarations
      .filter((declaration) => declaration.permissions.includes(permission))
      .map((declaration) => declaration.conditions[permission]);
    const first = asked[0];
    if (first && asked.every((condition) => JSON.stringify(condition) === JSON.stringify(first))) {
      result[permission] = first;
    }
  }
  return result;
}
