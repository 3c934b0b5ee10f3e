import { IAMClient } from '@aws-sdk/client-iam';
import {
  type AwsCredentialIdentity,
  memberCredentials,
  type Sandbox,
  SEED,
  STATIC_CREDENTIALS,
} from './fixture.js';

interface IamClientOptions {
  credentials?: AwsCredentialIdentity;
  maxAttempts?: number;
}

/** An IAM client on the sandbox; IAM is global, so the region is always us-east-1. */
export function iamClient(sandbox: Sandbox, options: IamClientOptions = {}): IAMClient {
  return new IAMClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: options.credentials ?? STATIC_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

/** IAM in the production account through the remediation role, as the product reaches it. */
export async function productionIam(
  sandbox: Sandbox,
  options: Omit<IamClientOptions, 'credentials'> = {},
): Promise<IAMClient> {
  const credentials = await memberCredentials(sandbox, SEED.accounts.production);
  return iamClient(sandbox, { ...options, credentials });
}

/** Decodes a policy document as IAM returns it (URL-encoded JSON). */
export function policyDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) throw new Error('no policy document');
  return JSON.parse(decodeURIComponent(encoded));
}
