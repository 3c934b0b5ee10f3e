import { regionEc2 } from '../../../state.js';
import type { Operation } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { applyFilters, type FilterFields, readFilters } from '../filters.js';
import { checkGroupId } from '../groups.js';
import { paginate } from '../paging.js';
import { groupSetXml } from './instances.js';
import { interfaceById, regionCompute, tagSet } from './lookup.js';
import type { NetworkInterface } from './state.js';

const FIELDS: FilterFields<NetworkInterface> = {
  'network-interface-id': (eni) => [eni.networkInterfaceId],
  'attachment.instance-id': (eni) => [eni.attachment?.instanceId],
  'vpc-id': (eni) => [eni.vpcId],
  'subnet-id': (eni) => [eni.subnetId],
  'group-id': (eni) => eni.groupIds,
};

export const describeNetworkInterfaces: Operation = (context) => {
  const ids = context.params.strings('NetworkInterfaceId');
  const named = ids.map((id) => interfaceById(context, id));
  const candidates =
    named.length > 0 ? named : [...regionCompute(context).networkInterfaces.values()];
  const matching = applyFilters(candidates, readFilters(context.params), FIELDS, (eni) => eni.tags);
  const page = paginate(context, matching, (eni) => eni.networkInterfaceId);
  return {
    networkInterfaceSet: page.items.map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      subnetId: eni.subnetId,
      vpcId: eni.vpcId,
      availabilityZone: eni.availabilityZone,
      description: eni.description,
      ownerId: eni.ownerId,
      interfaceType: 'interface',
      status: eni.attachment ? 'in-use' : 'available',
      privateIpAddress: eni.privateIpAddress,
      groupSet: groupSetXml(context, eni),
      attachment: eni.attachment
        ? {
            attachmentId: eni.attachment.attachmentId,
            instanceId: eni.attachment.instanceId,
            instanceOwnerId: eni.ownerId,
            deviceIndex: eni.attachment.deviceIndex,
            status: 'attached',
          }
        : undefined,
      association: eni.publicIp ? { publicIp: eni.publicIp, ipOwnerId: 'amazon' } : undefined,
      tagSet: tagSet(eni.tags),
    })),
    nextToken: page.nextToken,
  };
};

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
