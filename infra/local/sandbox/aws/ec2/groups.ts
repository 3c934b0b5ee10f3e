import { type RegionEc2, regionEc2, type SecurityGroup } from '../../state.js';
import type { QueryContext } from '../query.js';
import { QueryError } from '../query-error.js';

const GROUP_ID = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
const RULE_ID = /^sgr-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function regionOf(context: QueryContext): RegionEc2 {
  return regionEc2(context.world, context.accountId, context.region);
}

export function checkGroupId(groupId: string): void {
  if (!GROUP_ID.test(groupId)) {
    throw new QueryError(
      'InvalidGroupId.Malformed',
      `Invalid id: "${groupId}" (expecting "sg-...")`,
    );
  }
}

export function checkRuleId(ruleId: string): void {
  if (!RULE_ID.test(ruleId)) {
    throw new QueryError(
      'InvalidSecurityGroupRuleId.Malformed',
      `Invalid id: "${ruleId}" (expecting "sgr-...")`,
    );
  }
}

export function groupById(region: RegionEc2, groupId: string): SecurityGroup {
  checkGroupId(groupId);
  const group = region.securityGroups.get(groupId);
  if (!group) {
    throw new QueryError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`);
  }
  return group;
}

/** Names only identify groups of the default VPC; every other group must be named by id. */
export function groupByName(region: RegionEc2, groupName: string): SecurityGroup {
  for (const group of region.securityGroups.values()) {
    if (group.groupName === groupName && group.vpcId === region.defaultVpcId) return group;
  }
  throw new QueryError(
    'InvalidGroup.NotFound',
    `The security group '${groupName}' does not exist in default VPC '${region.defaultVpcId}'`,
  );
}

/** The group an Authorize/Revoke call targets, by `GroupId` or `GroupName`. */
export function targetGroup(context: QueryContext): SecurityGroup {
  const region = regionOf(context);
  const groupId = context.params.get('GroupId');
  if (groupId) return groupById(region, groupId);
  const groupName = context.params.get('GroupName');
  if (groupName) return groupByName(region, groupName);
  throw new QueryError(
    'MissingParameter',
    'The request must contain the parameter groupName or groupId',
  );
}
