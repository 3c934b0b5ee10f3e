import { GetRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { decodePolicyDocument } from '../iam/deny-policies.js';
import { denyPolicyName } from './names.js';

/**
 * The inline policy that cuts one instance's role credentials without touching other instances
 * using the same role: every credential EC2 delivered to this instance carries its ARN as
 * `ec2:SourceInstanceARN`, and those issued before the isolation are denied everything. Other
 * instances' credentials carry their own ARN, so the condition never matches them.
 */
export function instanceDenyDocument(instanceArn: string, issuedBefore: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyIsolatedInstanceCredentials',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnEquals: { 'ec2:SourceInstanceARN': instanceArn },
          DateLessThan: { 'aws:TokenIssueTime': issuedBefore.toISOString() },
        },
      },
    ],
  });
}

/** The instance a document of ours denies, or undefined when the document is something else. */
export function deniedInstanceOf(document: string): string | undefined {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    for (const statement of statements as Array<Record<string, unknown> | undefined>) {
      const condition = statement?.Condition as Record<string, Record<string, unknown>> | undefined;
      const arn = condition?.ArnEquals?.['ec2:SourceInstanceARN'];
      if (statement?.Effect === 'Deny' && typeof arn === 'string') return arn;
    }
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}

/** Whether the role carries this isolation's deny for the instance (named for it, and ours). */
export async function existingDeny(
  iam: IAMClient,
  roleName: string,
  instanceArn: string,
): Promise<boolean> {
  const instanceId = instanceArn.split('/').pop() ?? '';
  try {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: denyPolicyName(instanceId) }),
    );
    return deniedInstanceOf(decodePolicyDocument(PolicyDocument)) === instanceArn;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return false;
    throw translateAwsError('iam:GetRolePolicy', error);
  }
}
