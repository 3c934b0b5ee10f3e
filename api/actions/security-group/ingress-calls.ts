import {
  AuthorizeSecurityGroupIngressCommand,
  type EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { type RuleSpec, toIpPermission } from './rules.js';

export type IngressCalls = ReturnType<typeof ingressCalls>;

/** The two changes closing a port and undoing it make, each tolerant of having been done already. */
export function ingressCalls(ec2: EC2Client, groupId: string) {
  return {
    async authorize(specs: RuleSpec[]): Promise<string[]> {
      try {
        const response = await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: groupId,
            IpPermissions: specs.map(toIpPermission),
          }),
        );
        return (response.SecurityGroupRules ?? []).map((rule) => rule.SecurityGroupRuleId ?? '');
      } catch (error) {
        // Another request created them first; the goal of the step is met.
        if (isAwsError(error, 'InvalidPermission.Duplicate')) return [];
        throw translateAwsError('ec2:AuthorizeSecurityGroupIngress', error);
      }
    },
    async revoke(ruleId: string): Promise<void> {
      try {
        await ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: groupId,
            SecurityGroupRuleIds: [ruleId],
          }),
        );
      } catch (error) {
        if (isAwsError(error, 'InvalidSecurityGroupRuleId.NotFound')) return;
        throw translateAwsError('ec2:RevokeSecurityGroupIngress', error);
      }
    },
  };
}
