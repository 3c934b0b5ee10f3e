import {
  DescribeSecurityGroupsCommand,
  type EC2Client,
  paginateDescribeSecurityGroupRules,
} from '@aws-sdk/client-ec2';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import { fromAwsRule, type IngressRule } from './rules.js';

export interface GroupView {
  groupId: string;
  groupName: string;
  description: string;
  vpcId?: string;
  tags: Record<string, string>;
  ingress: IngressRule[];
}

/**
 * Reads a security group and every one of its ingress rules (all pages, filtered on the group so
 * the call draws on the cheaper filtered-Describe throttle bucket). Undefined when it does not exist.
 */
export async function describeGroup(
  ec2: EC2Client,
  groupId: string,
): Promise<GroupView | undefined> {
  try {
    // allSettled, not all: a failure of one read must not leave the other in flight after the
    // request is answered and its audit record completed.
    const [groupsRead, ingressRead] = await Promise.allSettled([
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
      listIngressRules(ec2, groupId),
    ]);
    if (groupsRead.status === 'rejected') throw groupsRead.reason;
    if (ingressRead.status === 'rejected') throw ingressRead.reason;
    const groups = groupsRead.value;
    const ingress = ingressRead.value;
    const group = groups.SecurityGroups?.[0];
    if (!group) return undefined;
    return {
      groupId,
      groupName: group.GroupName ?? groupId,
      description: group.Description ?? '',
      ...(group.VpcId ? { vpcId: group.VpcId } : {}),
      tags: Object.fromEntries((group.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      ingress,
    };
  } catch (error) {
    if (isAwsError(error, 'InvalidGroup.NotFound')) return undefined;
    throw translateAwsError('ec2:DescribeSecurityGroups', error);
  }
}

async function listIngressRules(ec2: EC2Client, groupId: string): Promise<IngressRule[]> {
  const rules: IngressRule[] = [];
  const pages = paginateDescribeSecurityGroupRules(
    { client: ec2 },
    { Filters: [{ Name: 'group-id', Values: [groupId] }] },
  );
  for await (const page of pages) {
    for (const rule of page.SecurityGroupRules ?? []) {
      const ingress = fromAwsRule(rule);
      if (ingress) rules.push(ingress);
    }
  }
  return rules;
}
