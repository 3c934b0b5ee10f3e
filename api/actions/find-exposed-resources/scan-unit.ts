import {
  type EC2Client,
  type NetworkInterface,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { WORLD_IPV4, WORLD_IPV6 } from '../security-group/rules.js';
import { type Exposure, exposuresOf } from './exposure.js';

/** A group found open to the internet in one account and region, before it is worded. */
export interface FoundGroup {
  groupId: string;
  groupName: string;
  vpcId?: string;
  tags: Record<string, string>;
  exposures: Exposure[];
  interfaces: NetworkInterface[];
}

/** AWS accepts up to 200 values in one filter. */
const FILTER_VALUES = 200;

/**
 * One account and region: the groups with an ingress rule open to 0.0.0.0/0 or ::/0, and the
 * network interfaces that use them. Filters keep the reads small and on EC2's filtered-Describe
 * budget (an unfiltered Describe draws on a bucket half the size); the rules are still checked
 * here, because a filter only narrows what comes back. An endpoint that does not know the
 * filter is read unfiltered instead.
 */
export async function scanUnit(ec2: EC2Client, signal: AbortSignal): Promise<FoundGroup[]> {
  const byId = new Map<string, SecurityGroup>();
  for (const [name, cidr] of [
    ['ip-permission.cidr', WORLD_IPV4],
    ['ip-permission.ipv6-cidr', WORLD_IPV6],
  ] as const) {
    for (const group of await describeGroups(ec2, signal, name, cidr)) {
      if (group.GroupId) byId.set(group.GroupId, group);
    }
  }
  const open = [...byId.values()]
    .map((group) => ({ group, exposures: exposuresOf(group.IpPermissions) }))
    .filter((found) => found.exposures.length > 0);
  const interfaces = await interfacesUsing(
    ec2,
    signal,
    open.map((found) => found.group.GroupId as string),
  );
  return open
    .map(({ group, exposures }) => ({
      groupId: group.GroupId as string,
      groupName: group.GroupName ?? (group.GroupId as string),
      ...(group.VpcId ? { vpcId: group.VpcId } : {}),
      tags: Object.fromEntries((group.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      exposures,
      interfaces: interfaces.filter((eni) =>
        eni.Groups?.some((attached) => attached.GroupId === group.GroupId),
      ),
    }))
    .sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}

async function describeGroups(
  ec2: EC2Client,
  signal: AbortSignal,
  filter: string,
  cidr: string,
): Promise<SecurityGroup[]> {
  const read = async (filtered: boolean) => {
    const groups: SecurityGroup[] = [];
    const pages = paginateDescribeSecurityGroups(
      { client: ec2, pageSize: 1000 },
      filtered ? { Filters: [{ Name: filter, Values: [cidr] }] } : {},
      { abortSignal: signal },
    );
    for await (const page of pages) groups.push(...(page.SecurityGroups ?? []));
    return groups;
  };
  try {
    return await read(true);
  } catch (error) {
    if (isAwsError(error, 'InvalidParameterValue') && /filter/i.test(String(error))) {
      return read(false).catch((again: unknown) => {
        throw translateAwsError('ec2:DescribeSecurityGroups', again);
      });
    }
    throw translateAwsError('ec2:DescribeSecurityGroups', error);
  }
}

async function interfacesUsing(
  ec2: EC2Client,
  signal: AbortSignal,
  groupIds: string[],
): Promise<NetworkInterface[]> {
  const found: NetworkInterface[] = [];
  try {
    for (let i = 0; i < groupIds.length; i += FILTER_VALUES) {
      const pages = paginateDescribeNetworkInterfaces(
        { client: ec2, pageSize: 1000 },
        { Filters: [{ Name: 'group-id', Values: groupIds.slice(i, i + FILTER_VALUES) }] },
        { abortSignal: signal },
      );
      for await (const page of pages) found.push(...(page.NetworkInterfaces ?? []));
    }
  } catch (error) {
    throw translateAwsError('ec2:DescribeNetworkInterfaces', error);
  }
  return found;
}
