/**
 * The inline policy AWS documents for revoking a role's temporary credentials ("Revoking IAM role
 * temporary security credentials"): deny everything to sessions issued before a moment. The same
 * name is used on users, so there is one policy name to look for, to explain and to remove when
 * containment ends; `aws:TokenIssueTime` exists only on temporary credentials, so it never touches
 * a user's long-term access keys.
 */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** Exactly the document of AWS's user guide, with the revocation time filled in. */
export function revokeOlderSessionsDocument(issuedBefore: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() } },
      },
    ],
  });
}

/**
 * The revocation time of a document this API (or AWS's console) wrote; undefined when the document
 * is something else that happens to carry the name.
 */
export function revocationTimeOf(document: string): string | undefined {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    for (const statement of statements as Array<Record<string, unknown> | undefined>) {
      const condition = statement?.Condition as Record<string, Record<string, unknown>> | undefined;
      const time = condition?.DateLessThan?.['aws:TokenIssueTime'];
      const all = (value: unknown) =>
        value === '*' || (Array.isArray(value) && value.includes('*'));
      if (statement?.Effect === 'Deny' && all(statement.Action) && typeof time === 'string') {
        return time;
      }
    }
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}

/** IAM returns policy documents URL-encoded (RFC 3986); the SDK does not decode them. */
export function decodePolicyDocument(raw: string | undefined): string {
  if (!raw) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
