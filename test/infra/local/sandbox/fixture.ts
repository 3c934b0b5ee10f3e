import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Sandbox, startSandbox } from '../../../../infra/local/sandbox/server.js';

export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Any key the sandbox did not issue acts as the security account's default principal. */
export const STATIC_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'AKIATESTSTATICKEY001',
  secretAccessKey: 'test-secret',
};

export { type Sandbox, SEED, startSandbox };

interface ClientOptions {
  credentials?: AwsCredentialIdentity;
  region?: string;
  maxAttempts?: number;
}

export function ec2Client(sandbox: Sandbox, options: ClientOptions = {}): EC2Client {
  return new EC2Client({
    endpoint: sandbox.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? STATIC_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

export function stsClient(sandbox: Sandbox, options: ClientOptions = {}): STSClient {
  return new STSClient({
    endpoint: sandbox.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? STATIC_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

/** Credentials of the remediation role in a member account, as the product obtains them. */
export async function memberCredentials(
  sandbox: Sandbox,
  accountId: string = SEED.accounts.production,
  sessionName = 'test-session',
): Promise<AwsCredentialIdentity> {
  const { Credentials } = await stsClient(sandbox).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/${SEED.remediationRoleName}`,
      RoleSessionName: sessionName,
      DurationSeconds: 900,
    }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('no credentials');
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
}

/** An EC2 client acting in a member account through the remediation role. */
export async function memberEc2(
  sandbox: Sandbox,
  accountId: string = SEED.accounts.production,
  options: Omit<ClientOptions, 'credentials'> = {},
): Promise<EC2Client> {
  return ec2Client(sandbox, {
    ...options,
    credentials: await memberCredentials(sandbox, accountId),
  });
}

/** The error a promise rejects with, so assertions can look at name, message and metadata. */
export async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: { httpStatusCode?: number; attempts?: number } };
  }
  throw new Error('expected the call to fail');
}
