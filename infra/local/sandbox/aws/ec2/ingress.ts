import type { SecurityGroup, SecurityGroupRule, Tag } from '../../state.js';
import type { Operation, QueryContext } from '../query.js';
import { QueryError } from '../query-error.js';
import { checkRuleId, groupById, regionOf, targetGroup } from './groups.js';
import {
  duplicateRuleError,
  permissionsXml,
  type RuleSpec,
  readRuleSpecs,
  revokedRuleXml,
  ruleXml,
  sameRule,
} from './rules.js';

/** AWS's default quota of inbound rules per security group. */
const MAX_INGRESS_RULES = 60;

export const authorizeSecurityGroupIngress: Operation = (context) => {
  const group = targetGroup(context);
  const specs = readRuleSpecs(context.params, group.ownerId);
  if (specs.length === 0) {
    throw new QueryError(
      'MissingParameter',
      'The request must contain the parameter ipPermissions',
    );
  }
  checkReferencedGroups(context, specs);
  const ingress = group.rules.filter((rule) => !rule.isEgress);
  // The whole call fails on the first duplicate, whether it already exists or is repeated.
  specs.forEach((spec, index) => {
    const repeated = specs.slice(0, index).some((earlier) => sameRule(earlier, spec));
    if (repeated || ingress.some((rule) => sameRule(rule, spec))) throw duplicateRuleError(spec);
  });
  if (ingress.length + specs.length > MAX_INGRESS_RULES) {
    throw new QueryError(
      'RulesPerSecurityGroupLimitExceeded',
      'The maximum number of rules per security group has been reached.',
    );
  }
  const tags = readRuleTags(context);
  const added: SecurityGroupRule[] = specs.map((spec) => ({
    ruleId: context.world.ids.ec2('sgr'),
    groupId: group.groupId,
    isEgress: false,
    ...spec,
    tags: tags.map((tag) => ({ ...tag })),
  }));
  group.rules.push(...added);
  return {
    return: true,
    securityGroupRuleSet: (context.reverseCreatedItems ? [...added].reverse() : added).map((rule) =>
      ruleXml(rule, group.ownerId, context.region),
    ),
  };
};

export const revokeSecurityGroupIngress: Operation = (context) => {
  const group = targetGroup(context);
  const ruleIds = context.params.strings('SecurityGroupRuleId');
  const specs = readRuleSpecs(context.params, group.ownerId);
  if (ruleIds.length > 0 && specs.length > 0) {
    throw new QueryError(
      'InvalidParameterCombination',
      'You may specify either security group rule IDs or IP permissions, but not both.',
    );
  }
  if (ruleIds.length > 0) return revokeByIds(group, ruleIds);
  if (specs.length === 0) {
    throw new QueryError(
      'MissingParameter',
      'Either ipPermissions or securityGroupRuleIds must be specified in the request.',
    );
  }
  return revokeByPermissions(context, group, specs);
};

/** Every id must name an inbound rule of this group, or nothing is revoked. */
function revokeByIds(group: SecurityGroup, ruleIds: string[]) {
  const doomed = ruleIds.map((id) => {
    checkRuleId(id);
    const rule = group.rules.find((candidate) => candidate.ruleId === id && !candidate.isEgress);
    if (!rule) {
      throw new QueryError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${id}' does not exist`,
      );
    }
    return rule;
  });
  return removeRules(group, doomed, []);
}

/**
 * Each permission must match an existing rule exactly (description aside). Outside the default
 * VPC one miss fails the whole call; in the default VPC the misses come back as
 * UnknownIpPermissions and the rest are revoked.
 */
function revokeByPermissions(context: QueryContext, group: SecurityGroup, specs: RuleSpec[]) {
  const ingress = group.rules.filter((rule) => !rule.isEgress);
  const doomed: SecurityGroupRule[] = [];
  const unknown: RuleSpec[] = [];
  for (const spec of specs) {
    const rule = ingress.find((candidate) => sameRule(candidate, spec));
    if (!rule) unknown.push(spec);
    else if (!doomed.includes(rule)) doomed.push(rule);
  }
  if (unknown.length > 0 && group.vpcId !== regionOf(context).defaultVpcId) {
    throw new QueryError(
      'InvalidPermission.NotFound',
      'The specified rule does not exist in this security group.',
    );
  }
  return removeRules(group, doomed, unknown);
}

function removeRules(group: SecurityGroup, doomed: SecurityGroupRule[], unknown: RuleSpec[]) {
  group.rules = group.rules.filter((rule) => !doomed.includes(rule));
  return {
    return: true,
    unknownIpPermissionSet: unknown.length > 0 ? permissionsXml(unknown) : undefined,
    revokedSecurityGroupRuleSet: doomed.map(revokedRuleXml),
  };
}

/** A rule may reference a group of this account only if that group exists. */
function checkReferencedGroups(context: QueryContext, specs: RuleSpec[]): void {
  const region = regionOf(context);
  for (const { peer } of specs) {
    if (peer.kind === 'group' && peer.userId === context.accountId) groupById(region, peer.groupId);
  }
}

function readRuleTags(context: QueryContext): Tag[] {
  const tags: Tag[] = [];
  for (const spec of context.params.list('TagSpecification')) {
    const type = spec.get('ResourceType');
    if (type !== 'security-group-rule') {
      throw new QueryError(
        'InvalidParameterValue',
        `'${type}' is not a valid taggable resource type for this operation.`,
      );
    }
    for (const tag of spec.list('Tag'))
      tags.push({ key: tag.require('Key'), value: tag.get('Value') ?? '' });
  }
  return tags;
}
