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
    /** The new rules' ids, in the order of `specs`; '' for a rule that already existed. */
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
        if (!isAwsError(error, 'InvalidPermission.Duplicate')) {
          throw translateAwsError('ec2:AuthorizeSecurityGroupIngress', error);
        }
        // The call is all or nothing: one existing rule fails it and creates none of the others,
        // so each rule is tried alone and only the existing ones count as already done.
        if (specs.length === 1) return [''];
        const ids: string[] = [];
        for (const spec of specs) ids.push(...(await this.authorize([spec])));
        return ids;
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
