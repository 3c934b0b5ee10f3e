import type { StsSession, World } from '../state.js';

/** Who signed a request, and the account the call acts in. */
export interface Principal {
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  /** Set for credentials the sandbox's AssumeRole issued. */
  session?: StsSession;
}

export type CredentialProblem = 'invalid' | 'expired';

export type Resolution = { principal: Principal } | { problem: CredentialProblem };

const TOKEN_PREFIX = 'SandboxSession.';

/**
 * The session token carries the whole session, like AWS's own opaque tokens do, so credentials a
 * client cached before a sandbox reset still resolve to the account they were issued for instead
 * of silently falling back to the security account.
 */
export function encodeSessionToken(session: StsSession): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify(session)).toString('base64url');
}

function decodeSessionToken(token: string | undefined): StsSession | undefined {
  if (!token?.startsWith(TOKEN_PREFIX)) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString());
    return { ...raw, issuedAt: new Date(raw.issuedAt), expiration: new Date(raw.expiration) };
  } catch {
    return undefined;
  }
}

export function assumedRoleArn(session: StsSession): string {
  return `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${session.roleSessionName}`;
}

/**
 * Sandbox-issued session keys act in the assumed role's account; keys of IAM users in the world
 * act as those users (and stop working once deactivated); a key that is an account id acts as
 * that account's root; any other key is the security account's default principal, so tests can
 * sign with whatever static credentials they like.
 */
export function resolvePrincipal(
  world: World,
  accessKeyId: string,
  sessionToken: string | undefined,
  service: string,
  region: string,
  now: Date,
): Resolution {
  const session =
    world.sts.sessions.find((candidate) => candidate.accessKeyId === accessKeyId) ??
    decodeSessionToken(sessionToken);
  if (session && session.accessKeyId === accessKeyId) {
    if (session.expiration.getTime() <= now.getTime()) return { problem: 'expired' };
    return {
      principal: {
        accountId: session.accountId,
        arn: assumedRoleArn(session),
        userId: `${session.roleId}:${session.roleSessionName}`,
        accessKeyId,
        session,
      },
    };
  }
  for (const account of world.accounts.values()) {
    for (const user of account.iam.users.values()) {
      const key = user.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
      if (!key) continue;
      if (key.status !== 'Active') return { problem: 'invalid' };
      key.lastUsed = { date: now, serviceName: service, region };
      return {
        principal: {
          accountId: account.accountId,
          arn: user.arn,
          userId: user.userId,
          accessKeyId,
        },
      };
    }
  }
  // As in LocalStack, a 12-digit access key id acts as that account's root, so a person can look
  // at a member account with the AWS CLI without assuming a role first.
  if (/^\d{12}$/.test(accessKeyId) && world.accounts.has(accessKeyId)) {
    return {
      principal: {
        accountId: accessKeyId,
        arn: `arn:aws:iam::${accessKeyId}:root`,
        userId: accessKeyId,
        accessKeyId,
      },
    };
  }
  const { accountId, userName } = world.defaultPrincipal;
  const user = world.accounts.get(accountId)?.iam.users.get(userName);
  return {
    principal: {
      accountId,
      arn: user?.arn ?? `arn:aws:iam::${accountId}:user/${userName}`,
      userId: user?.userId ?? 'AIDASANDBOXDEFAULT0001',
      accessKeyId,
    },
  };
}
