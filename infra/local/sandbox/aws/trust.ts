import type { Principal } from './identity.js';

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Principal?:
    | '*'
    | { AWS?: string | string[]; Service?: string | string[]; Federated?: string | string[] };
}

/**
 * Does a role's trust policy let this principal perform `action` (`sts:AssumeRole`,
 * `sts:SetSourceIdentity`)? Effect, Action and AWS principals are evaluated; Conditions are not.
 */
export function trustAllows(policyDocument: string, principal: Principal, action: string): boolean {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policyDocument) as { Statement?: Statement | Statement[] };
    statements = asArray(parsed.Statement);
  } catch {
    return false;
  }
  const applies = (statement: Statement) =>
    asArray(statement.Action).some((pattern) => actionMatches(pattern, action)) &&
    principalMatches(statement.Principal, principal);
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(action);
}

function principalMatches(principal: Statement['Principal'], caller: Principal): boolean {
  if (principal === '*') return true;
  const accepted = new Set([
    '*',
    caller.accountId,
    `arn:aws:iam::${caller.accountId}:root`,
    caller.arn,
    ...(caller.session ? [caller.session.roleArn] : []),
  ]);
  return asArray(principal?.AWS).some((entry) => accepted.has(entry));
}
