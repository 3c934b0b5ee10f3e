import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { translateAwsError } from '../../aws/aws-error.js';

/** One registration of the instance in a target group; an instance can be in one on several ports. */
export interface InstanceTarget {
  targetGroupArn: string;
  targetGroupName: string;
  port: number;
  /** initial, healthy, unhealthy, unused, draining... `draining` means already deregistered. */
  state: string;
}

/** Target groups read at once; a few keep the account's ELB Describe rate well inside limits. */
const CONCURRENCY = 5;

/**
 * Every registration of the instance in the instance-type target groups of its VPC. ELBv2 has no
 * "groups of this target" call: each group's targets are read and searched for the instance.
 */
export async function targetsOf(
  elb: ElasticLoadBalancingV2Client,
  instanceId: string,
  vpcId: string,
): Promise<InstanceTarget[]> {
  const groups: Array<{ arn: string; name: string }> = [];
  try {
    for await (const page of paginateDescribeTargetGroups({ client: elb }, {})) {
      for (const group of page.TargetGroups ?? []) {
        if (group.TargetType !== 'instance' || group.VpcId !== vpcId || !group.TargetGroupArn)
          continue;
        groups.push({ arn: group.TargetGroupArn, name: group.TargetGroupName ?? '' });
      }
    }
  } catch (error) {
    throw translateAwsError('elasticloadbalancing:DescribeTargetGroups', error);
  }
  const found: InstanceTarget[][] = [];
  const queue = [...groups];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      found.push(await registrations(elb, group, instanceId));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
  return found
    .flat()
    .sort((a, b) => a.targetGroupArn.localeCompare(b.targetGroupArn) || a.port - b.port);
}

async function registrations(
  elb: ElasticLoadBalancingV2Client,
  group: { arn: string; name: string },
  instanceId: string,
): Promise<InstanceTarget[]> {
  try {
    const { TargetHealthDescriptions } = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.arn }),
    );
    return (TargetHealthDescriptions ?? [])
      .filter((description) => description.Target?.Id === instanceId)
      .map((description) => ({
        targetGroupArn: group.arn,
        targetGroupName: group.name,
        port: description.Target?.Port ?? 0,
        state: description.TargetHealth?.State ?? 'unknown',
      }));
  } catch (error) {
    throw translateAwsError('elasticloadbalancing:DescribeTargetHealth', error);
  }
}

/** Still receiving traffic from the load balancer (or about to). */
export const isRegistered = (target: InstanceTarget) =>
  target.state !== 'draining' && target.state !== 'unused';
