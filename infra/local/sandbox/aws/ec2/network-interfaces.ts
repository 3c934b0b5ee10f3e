import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { applyFilters, type FilterFields, readFilters } from './filters.js';
import { regionOf } from './groups.js';
import type { NetworkInterface } from './network-interface.js';
import { paginate } from './paging.js';

const ENI_ID = /^eni-([0-9a-f]{8}|[0-9a-f]{17})$/;

const FIELDS: FilterFields<NetworkInterface> = {
  'network-interface-id': (eni) => [eni.networkInterfaceId],
  'group-id': (eni) => eni.groupIds,
  'vpc-id': (eni) => [eni.vpcId],
  'subnet-id': (eni) => [eni.subnetId],
  'availability-zone': (eni) => [eni.availabilityZone],
  description: (eni) => [eni.description],
  'owner-id': (eni) => [eni.ownerId],
  status: (eni) => [eni.status],
  'interface-type': (eni) => [eni.interfaceType],
  'requester-managed': (eni) => [String(eni.requesterManaged)],
  'private-ip-address': (eni) => [eni.privateIpAddress],
  'attachment.instance-id': (eni) => [eni.attachment?.instanceId],
  'attachment.attachment-id': (eni) => [eni.attachment?.attachmentId],
  'attachment.status': (eni) => [eni.attachment ? 'attached' : undefined],
};

/**
 * DescribeNetworkInterfaces, with the filters the API and an analyst use (`group-id` answers
 * "what uses this security group"). Named interfaces must all exist, as in AWS.
 */
export const describeNetworkInterfaces: Operation = (context) => {
  const { params } = context;
  const region = regionOf(context);
  const ids = params.strings('NetworkInterfaceId');
  const named = ids.map((id) => {
    if (!ENI_ID.test(id)) {
      throw new QueryError(
        'InvalidNetworkInterfaceID.Malformed',
        `Invalid id: "${id}" (expecting "eni-...")`,
      );
    }
    const eni = region.networkInterfaces.get(id);
    if (!eni) {
      throw new QueryError(
        'InvalidNetworkInterfaceID.NotFound',
        `The networkInterface ID '${id}' does not exist`,
      );
    }
    return eni;
  });
  const candidates = ids.length > 0 ? named : [...region.networkInterfaces.values()];
  const matching = applyFilters(candidates, readFilters(params), FIELDS, (eni) => eni.tags);
  const page = paginate(context, matching, (eni) => eni.networkInterfaceId);
  const groupName = (id: string) => region.securityGroups.get(id)?.groupName ?? '';
  return {
    networkInterfaceSet: page.items.map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      subnetId: eni.subnetId,
      vpcId: eni.vpcId,
      availabilityZone: eni.availabilityZone,
      description: eni.description,
      ownerId: eni.ownerId,
      requesterManaged: eni.requesterManaged,
      status: eni.status,
      macAddress: eni.macAddress,
      privateIpAddress: eni.privateIpAddress,
      sourceDestCheck: true,
      interfaceType: eni.interfaceType,
      groupSet: eni.groupIds.map((groupId) => ({ groupId, groupName: groupName(groupId) })),
      attachment: eni.attachment
        ? {
            attachmentId: eni.attachment.attachmentId,
            instanceId: eni.attachment.instanceId,
            instanceOwnerId: eni.attachment.instanceOwnerId,
            deviceIndex: eni.attachment.deviceIndex,
            status: 'attached',
            attachTime: eni.attachment.attachTime,
            deleteOnTermination: eni.attachment.deleteOnTermination,
          }
        : undefined,
      association: eni.publicIp ? { publicIp: eni.publicIp, ipOwnerId: 'amazon' } : undefined,
      tagSet: eni.tags.map((tag) => ({ key: tag.key, value: tag.value })),
      privateIpAddressesSet: [{ privateIpAddress: eni.privateIpAddress, primary: true }],
    })),
    nextToken: page.nextToken,
  };
};
