import { GetRolePolicyCommand, type IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import type { ActionContext, Plan } from '../define.js';
import {
  decodePolicyDocument,
  REVOKE_POLICY_NAME,
  revocationTimeOf,
  revokeOlderSessionsDocument,
} from '../iam/deny-policies.js';
import { protectionOf, unmodifiableRoleGuidance } from '../iam/protection.js';
import { withIamRetry } from '../iam/retry.js';
import { getRole } from '../iam/role.js';
import type { RevokeRoleSessionsDetails, RevokeRoleSessionsInput } from './action.js';

type Details = RevokeRoleSessionsDetails;

const NOTES = [
  'Legitimate users and workloads of the role simply get new sessions; some fail briefly until they refresh their credentials.',
  'Revocation does not stop anyone who can assume the role again: find and close the way in (a leaked key, a compromised instance, a loose trust policy) and review what the sessions did (IR-04).',
  `Remove the inline policy ${REVOKE_POLICY_NAME} (a recorded change) once the incident lead confirms the way in is closed.`,
];

/** The plan of revokeIamRoleSessions, loaded on its first call; revoke-iam-role-sessions.ts declares it. */
export async function planRevokeRoleSessions(
  context: ActionContext,
  input: RevokeRoleSessionsInput,
): Promise<Plan<RevokeRoleSessionsDetails>> {
  const iam = context.aws.iam(input.accountId);
  // The notes speak of the policy this adds, so an answer that adds none (no such role, refused,
  // the put failed) carries none: it must not advise removing a policy that was never there.
  const details: Details = { roleName: input.roleName, policyName: REVOKE_POLICY_NAME, notes: [] };
  const role = await getRole(iam, input.roleName);
  if (!role) {
    return {
      status: 'failed',
      summary: `There is no IAM role named ${input.roleName} in account ${input.accountId}; check the role name (not its ARN).`,
      details,
    };
  }
  details.roleArn = role.arn;
  const refusal = protectionOf(context.config, role);
  if (refusal) return { status: 'refused', summary: refusal, details };
  const RoleName = role.name;
  const previous = await getRolePolicy(iam, RoleName);
  const previousRevocation = previous ? revocationTimeOf(previous) : undefined;
  if (previousRevocation) details.previousRevocation = previousRevocation;
  if (previous) details.previousDocument = previous;
  const done: Details = { ...details, notes: NOTES };
  let unmodifiable = false;
  const replacing = previousRevocation
    ? ` It replaces the earlier revocation of sessions issued before ${previousRevocation}.`
    : '';
  return {
    status: 'changes',
    summary: `Would deny every action to all sessions of role ${RoleName} in account ${input.accountId} issued before the moment the change is made, by adding inline policy ${REVOKE_POLICY_NAME}.${replacing}`,
    steps: [
      {
        action: 'iam:PutRolePolicy',
        description: `Add inline policy ${REVOKE_POLICY_NAME} to ${RoleName}, denying every action to sessions issued before this step runs.`,
        execute: async () => {
          // Stamped when it runs, so a session issued while the request was planned is covered.
          const issuedBefore = context.now();
          const document = revokeOlderSessionsDocument(issuedBefore);
          try {
            await withIamRetry('iam:PutRolePolicy', () =>
              iam.send(
                new PutRolePolicyCommand({
                  RoleName,
                  PolicyName: REVOKE_POLICY_NAME,
                  PolicyDocument: document,
                }),
              ),
            );
          } catch (error) {
            unmodifiable = isAwsError(error, 'UnmodifiableEntity');
            throw error;
          }
          done.sessionsIssuedBefore = issuedBefore.toISOString();
          done.policyDocument = document;
        },
      },
    ],
    details: { ...details, notes: NOTES },
    report(completed) {
      if (completed === 1) {
        return {
          summary: `Revoked every session of role ${RoleName} issued before ${done.sessionsIssuedBefore}: those sessions are now denied every action. New sessions still work, so close the way in and review what the role did.${replacing}`,
          details: done,
        };
      }
      const guidance = unmodifiable
        ? (unmodifiableRoleGuidance(role) ??
          `IAM does not allow changing role ${RoleName}; act through the service or IAM Identity Center that owns it.`)
        : `The sessions of role ${RoleName} were not revoked.`;
      return { summary: guidance, details: { ...done, notes: [] } };
    },
  };
}

async function getRolePolicy(iam: IAMClient, roleName: string): Promise<string | undefined> {
  try {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: REVOKE_POLICY_NAME }),
    );
    return decodePolicyDocument(PolicyDocument);
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw translateAwsError('iam:GetRolePolicy', error);
  }
}
