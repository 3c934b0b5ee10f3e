import type { SecurityGroup } from '../../state.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { readTagSpecifications, tagSet } from './compute/lookup.js';
import { regionOf } from './groups.js';

/**
 * A new group in a VPC, with the rule AWS gives every new VPC group: all outbound IPv4 traffic
 * allowed. Callers that want no egress must revoke it themselves.
 */
export const createSecurityGroup: Operation = (context) => {
  const { params } = context;
  const region = regionOf(context);
  const groupName = params.require('GroupName');
  const description = params.require('GroupDescription');
  const vpcId = params.get('VpcId') ?? region.defaultVpcId;
  if (groupName.length > 255 || groupName.toLowerCase().startsWith('sg-')) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${groupName}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`,
    );
  }
  for (const group of region.securityGroups.values()) {
    if (group.groupName === groupName && group.vpcId === vpcId) {
      throw new QueryError(
        'InvalidGroup.Duplicate',
        `The security group '${groupName}' already exists for VPC '${vpcId}'`,
      );
    }
  }
  const groupId = context.world.ids.ec2('sg');
  const group: SecurityGroup = {
    groupId,
    groupName,
    description,
    vpcId,
    ownerId: context.accountId,
    tags: readTagSpecifications(params, ['security-group']),
    rules: [
      {
        ruleId: context.world.ids.ec2('sgr'),
        groupId,
        isEgress: true,
        ipProtocol: '-1',
        fromPort: -1,
        toPort: -1,
        peer: { kind: 'ipv4', cidr: '0.0.0.0/0' },
        tags: [],
      },
    ],
  };
  region.securityGroups.set(groupId, group);
  return {
    return: true,
    groupId,
    tagSet: tagSet(group.tags),
    securityGroupArn: `arn:aws:ec2:${context.region}:${context.accountId}:security-group/${groupId}`,
  };
};
