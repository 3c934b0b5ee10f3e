import {
  AuthorizeSecurityGroupIngressCommand,
  type EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { describeGroup } from './describe-group.js';
import { fromAwsRule, type IngressRule, type RuleSpec, sameRule, toIpPermission } from './rules.js';

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
        const returned = (response.SecurityGroupRules ?? []).flatMap(
          (rule) => fromAwsRule(rule) ?? [],
        );
        const ids = matchIds(specs, returned);
        if (ids.every((id): id is string => id !== undefined)) return ids;
        // AWS documents neither the order nor the completeness of the reply: read the group back.
        const group = await describeGroup(ec2, groupId);
        return matchIds(specs, group?.ingress ?? []).map((id) => id ?? '');
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

/**
 * Pairs each requested rule with the created rule of the same protocol, ports, source and
 * description; never by position, since AWS does not promise the reply's order.
 */
function matchIds(specs: RuleSpec[], rules: IngressRule[]): Array<string | undefined> {
  return specs.map(
    (spec) =>
      rules.find(
        (rule) => sameRule(rule, spec) && (rule.description ?? '') === (spec.description ?? ''),
      )?.ruleId,
  );
}
