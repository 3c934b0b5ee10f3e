import { regionEc2 } from '../../../state.js';
import type { Operation } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { checkGroupId } from '../groups.js';
import { interfaceById } from './lookup.js';

/** AWS's limit of security groups per network interface (default quota). */
const MAX_GROUPS = 5;

/** Replaces the interface's whole group set; every group must exist in the interface's VPC. */
export const modifyNetworkInterfaceAttribute: Operation = (context) => {
  const { params } = context;
  const eni = interfaceById(context, params.require('NetworkInterfaceId'));
  const groupIds = params.strings('SecurityGroupId');
  if (groupIds.length === 0) {
    throw new QueryError(
      'MissingParameter',
      'The request must contain one of the parameters: groupSet, description, sourceDestCheck, attachment',
    );
  }
  if (groupIds.length > MAX_GROUPS) {
    throw new QueryError(
      'SecurityGroupsPerInterfaceLimitExceeded',
      'The maximum number of security groups per interface has been reached.',
    );
  }
  const groups = regionEc2(context.world, context.accountId, context.region).securityGroups;
  for (const groupId of groupIds) {
    checkGroupId(groupId);
    const group = groups.get(groupId);
    if (!group || group.vpcId !== eni.vpcId) {
      throw new QueryError(
        'InvalidGroup.NotFound',
        `The security group '${groupId}' does not exist in VPC '${eni.vpcId}'`,
      );
    }
  }
  eni.groupIds = [...new Set(groupIds)];
  eni.groupHistory.push([...eni.groupIds]);
  return { return: true };
};
