import type { SecurityGroupRule } from '../../state.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { checkRuleId, targetGroup } from './groups.js';
import { duplicateRuleError, readRuleSpecs, revokedRuleXml, ruleXml, sameRule } from './rules.js';

/** Outbound rules of VPC groups: the same rule shapes as ingress, with destinations. */
export const authorizeSecurityGroupEgress: Operation = (context) => {
  const group = targetGroup(context);
  const specs = readRuleSpecs(context.params, group.ownerId);
  if (specs.length === 0) {
    throw new QueryError(
      'MissingParameter',
      'The request must contain the parameter ipPermissions',
    );
  }
  const egress = group.rules.filter((rule) => rule.isEgress);
  specs.forEach((spec, index) => {
    const repeated = specs.slice(0, index).some((earlier) => sameRule(earlier, spec));
    if (repeated || egress.some((rule) => sameRule(rule, spec))) throw duplicateRuleError(spec);
  });
  const added: SecurityGroupRule[] = specs.map((spec) => ({
    ruleId: context.world.ids.ec2('sgr'),
    groupId: group.groupId,
    isEgress: true,
    ...spec,
    tags: [],
  }));
  group.rules.push(...added);
  return {
    return: true,
    securityGroupRuleSet: added.map((rule) => ruleXml(rule, group.ownerId, context.region)),
  };
};

/** By rule ids or by exact permissions; anything that does not match fails the whole call. */
export const revokeSecurityGroupEgress: Operation = (context) => {
  const group = targetGroup(context);
  const ruleIds = context.params.strings('SecurityGroupRuleId');
  const specs = readRuleSpecs(context.params, group.ownerId);
  if (ruleIds.length > 0 && specs.length > 0) {
    throw new QueryError(
      'InvalidParameterCombination',
      'You may specify either security group rule IDs or IP permissions, but not both.',
    );
  }
  const egress = group.rules.filter((rule) => rule.isEgress);
  let doomed: SecurityGroupRule[];
  if (ruleIds.length > 0) {
    doomed = ruleIds.map((id) => {
      checkRuleId(id);
      const rule = egress.find((candidate) => candidate.ruleId === id);
      if (!rule) {
        throw new QueryError(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${id}' does not exist`,
        );
      }
      return rule;
    });
  } else {
    if (specs.length === 0) {
      throw new QueryError(
        'MissingParameter',
        'Either ipPermissions or securityGroupRuleIds must be specified in the request.',
      );
    }
    doomed = specs.map((spec) => {
      const rule = egress.find((candidate) => sameRule(candidate, spec));
      if (!rule) {
        throw new QueryError(
          'InvalidPermission.NotFound',
          'The specified rule does not exist in this security group.',
        );
      }
      return rule;
    });
  }
  group.rules = group.rules.filter((rule) => !doomed.includes(rule));
  return { return: true, revokedSecurityGroupRuleSet: doomed.map(revokedRuleXml) };
};
