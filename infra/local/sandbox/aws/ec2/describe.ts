import type { SecurityGroup, SecurityGroupRule } from '../../state.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { applyFilters, type FilterFields, readFilters } from './filters.js';
import { checkRuleId, groupById, groupByName, regionOf } from './groups.js';
import { paginate } from './paging.js';
import { peerLabel, permissionsXml, ruleXml } from './rules.js';

/** Rule-level filters of DescribeSecurityGroups: a group matches when any of its rules does. */
function permissionFields(egress: boolean): FilterFields<SecurityGroup> {
  const prefix = egress ? 'egress.ip-permission' : 'ip-permission';
  const rules = (group: SecurityGroup) => group.rules.filter((rule) => rule.isEgress === egress);
  const peers = (group: SecurityGroup, kind: SecurityGroupRule['peer']['kind']) =>
    rules(group)
      .filter((rule) => rule.peer.kind === kind)
      .map((rule) => peerLabel(rule.peer));
  return {
    [`${prefix}.cidr`]: (group) => peers(group, 'ipv4'),
    [`${prefix}.ipv6-cidr`]: (group) => peers(group, 'ipv6'),
    [`${prefix}.group-id`]: (group) => peers(group, 'group'),
    [`${prefix}.prefix-list-id`]: (group) => peers(group, 'prefixList'),
    [`${prefix}.protocol`]: (group) => rules(group).map((rule) => rule.ipProtocol),
    [`${prefix}.from-port`]: (group) => rules(group).map((rule) => rule.fromPort),
    [`${prefix}.to-port`]: (group) => rules(group).map((rule) => rule.toPort),
  };
}

const GROUP_FIELDS: FilterFields<SecurityGroup> = {
  'group-id': (group) => [group.groupId],
  'group-name': (group) => [group.groupName],
  description: (group) => [group.description],
  'vpc-id': (group) => [group.vpcId],
  'owner-id': (group) => [group.ownerId],
  ...permissionFields(false),
  ...permissionFields(true),
};

export const describeSecurityGroups: Operation = (context) => {
  const { params } = context;
  const region = regionOf(context);
  // Named groups must all exist: AWS fails the call rather than describing the ones it found.
  const named = [
    ...params.strings('GroupId').map((id) => groupById(region, id)),
    ...params.strings('GroupName').map((name) => groupByName(region, name)),
  ];
  const candidates = named.length > 0 ? [...new Set(named)] : [...region.securityGroups.values()];
  const matching = applyFilters(
    candidates,
    readFilters(params),
    GROUP_FIELDS,
    (group) => group.tags,
  );
  const page = paginate(context, matching, (group) => group.groupId);
  return {
    securityGroupInfo: page.items.map((group) => ({
      ownerId: group.ownerId,
      groupId: group.groupId,
      groupName: group.groupName,
      groupDescription: group.description,
      vpcId: group.vpcId,
      ipPermissions: permissionsXml(group.rules.filter((rule) => !rule.isEgress)),
      ipPermissionsEgress: permissionsXml(group.rules.filter((rule) => rule.isEgress)),
      tagSet: group.tags.map((tag) => ({ key: tag.key, value: tag.value })),
      securityGroupArn: `arn:aws:ec2:${context.region}:${group.ownerId}:security-group/${group.groupId}`,
    })),
    nextToken: page.nextToken,
  };
};

const RULE_FIELDS: FilterFields<SecurityGroupRule> = {
  'group-id': (rule) => [rule.groupId],
  'security-group-rule-id': (rule) => [rule.ruleId],
};

export const describeSecurityGroupRules: Operation = (context) => {
  const { params } = context;
  const region = regionOf(context);
  const rules = [...region.securityGroups.values()].flatMap((group) => group.rules);
  const ids = params.strings('SecurityGroupRuleId');
  for (const id of ids) {
    checkRuleId(id);
    if (!rules.some((rule) => rule.ruleId === id)) {
      throw new QueryError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${id}' does not exist`,
      );
    }
  }
  const candidates = ids.length > 0 ? rules.filter((rule) => ids.includes(rule.ruleId)) : rules;
  const matching = applyFilters(candidates, readFilters(params), RULE_FIELDS, (rule) => rule.tags);
  const page = paginate(context, matching, (rule) => rule.ruleId);
  const ownerOf = (rule: SecurityGroupRule) =>
    region.securityGroups.get(rule.groupId)?.ownerId ?? context.accountId;
  return {
    securityGroupRuleSet: page.items.map((rule) => ruleXml(rule, ownerOf(rule), context.region)),
    nextToken: page.nextToken,
  };
};
