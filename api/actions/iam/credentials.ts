import {
  GetLoginProfileCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAccessKeys,
} from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { decodePolicyDocument } from './deny-policies.js';
import { collect, paging } from './paging.js';

/*
 * The reads a containment and its undo make, apart from the full inventory (inventory.ts) so that
 * what they import calls only what they declare.
 */

export interface AccessKeyView {
  accessKeyId: string;
  status: string;
  createDate?: Date;
  lastUsed?: { date: Date; serviceName?: string; region?: string };
}

/** The console password, if the user has one (there is no List call: Get answers NoSuchEntity). */
export async function getLoginProfile(
  iam: IAMClient,
  userName: string,
): Promise<{ createDate?: Date } | undefined> {
  try {
    const { LoginProfile: profile } = await iam.send(
      new GetLoginProfileCommand({ UserName: userName }),
    );
    return profile?.CreateDate ? { createDate: profile.CreateDate } : {};
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw translateAwsError('iam:GetLoginProfile', error);
  }
}

export function listAccessKeys(iam: IAMClient, userName: string): Promise<AccessKeyView[]> {
  return collect(
    'iam:ListAccessKeys',
    paginateListAccessKeys(paging(iam), { UserName: userName }),
    (page) =>
      (page.AccessKeyMetadata ?? []).map((key) => ({
        accessKeyId: key.AccessKeyId ?? '',
        status: key.Status ?? 'Active',
        ...(key.CreateDate ? { createDate: key.CreateDate } : {}),
      })),
  );
}

/** An inline policy's document as JSON text; undefined when the user has no policy of that name. */
export async function getUserPolicy(
  iam: IAMClient,
  userName: string,
  policyName: string,
): Promise<string | undefined> {
  try {
    const { PolicyDocument } = await iam.send(
      new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }),
    );
    return decodePolicyDocument(PolicyDocument);
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw translateAwsError('iam:GetUserPolicy', error);
  }
}
