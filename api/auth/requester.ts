/** Who is asking, as the verified access token says. */
export interface Requester {
  /** A person signed in through the hosted UI, or a machine using client credentials. */
  kind: 'user' | 'machine';
  /** The Cognito username, or the client id for machines. */
  name: string;
  clientId: string;
  sub: string;
  groups: string[];
  scopes: string[];
  /** The token's `jti`, to tie log lines and audit records to one token. */
  tokenId: string | undefined;
}

export function requesterFromClaims(claims: Record<string, unknown>): Requester {
  const clientId = String(claims.client_id ?? '');
  const username = typeof claims.username === 'string' ? claims.username : undefined;
  const groups = Array.isArray(claims['cognito:groups'])
    ? (claims['cognito:groups'] as unknown[]).map(String)
    : [];
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  return {
    // Cognito puts no username in client-credentials tokens; that is what makes a machine.
    kind: username ? 'user' : 'machine',
    name: username ?? clientId,
    clientId,
    sub: String(claims.sub ?? ''),
    groups,
    scopes,
    tokenId: typeof claims.jti === 'string' ? claims.jti : undefined,
  };
}

/** SourceIdentity and RoleSessionName allow only `[\w+=,.@-]`, 2 to 64 characters. */
export function awsSafeName(value: string, prefix = ''): string {
  const cleaned = `${prefix}${value}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}
