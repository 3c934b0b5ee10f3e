import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { translateAwsError } from './aws-error.js';

export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface RoleSession {
  accountId: string;
  roleName: string;
  /** The human or machine that asked; lands in the member account's CloudTrail. */
  sourceIdentity: string;
  roleSessionName: string;
}

/** Refresh this long before expiry so no call goes out with credentials about to lapse. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Assumes the remediation role in a member account and keeps the credentials until shortly before
 * they expire. Concurrent requests for the same session share one AssumeRole call: IAM and STS
 * throttle at limits that cannot be raised.
 */
export class RoleCredentialsCache {
  private readonly entries = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(
    private readonly sts: STSClient,
    private readonly durationSeconds: number,
    /** The partition of the deployment's home Region: member roles are in the same one. */
    private readonly partition = 'aws',
    private readonly now: () => number = Date.now,
  ) {}

  get(session: RoleSession): Promise<AwsCredentialIdentity> {
    const key = `${session.accountId}/${session.roleName}/${session.sourceIdentity}`;
    const cached = this.entries.get(key);
    if (cached) return cached.then((credentials) => this.fresh(key, credentials, session));
    return this.assume(key, session);
  }

  private fresh(
    key: string,
    credentials: AwsCredentialIdentity,
    session: RoleSession,
  ): Promise<AwsCredentialIdentity> {
    const expiresAt = credentials.expiration?.getTime() ?? 0;
    if (expiresAt - REFRESH_MARGIN_MS > this.now()) return Promise.resolve(credentials);
    return this.assume(key, session);
  }

  private assume(key: string, session: RoleSession): Promise<AwsCredentialIdentity> {
    const pending = this.sts
      .send(
        new AssumeRoleCommand({
          RoleArn: `arn:${this.partition}:iam::${session.accountId}:role/${session.roleName}`,
          RoleSessionName: session.roleSessionName,
          SourceIdentity: session.sourceIdentity,
          DurationSeconds: this.durationSeconds,
        }),
      )
      .then(({ Credentials: c }) => {
        if (!c?.AccessKeyId || !c.SecretAccessKey) {
          throw new Error('AssumeRole returned no credentials');
        }
        return {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
          expiration: c.Expiration,
        };
      })
      .catch((error: unknown) => {
        this.entries.delete(key);
        throw translateAwsError('sts:AssumeRole', error);
      });
    this.entries.set(key, pending);
    return pending;
  }
}
