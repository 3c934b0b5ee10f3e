import {
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRolePolicyCommand } from '@aws-sdk/client-iam';
import { WORKLOADS } from '../../../../infra/local/sandbox/aws/incident-workloads.js';
import type { MemberClients } from '../../../helpers/member-workloads.js';

/** Everything an isolation touches on one instance, read back through the SDK as AWS shows it. */
export async function observe(m: MemberClients, instanceId: string) {
  const filter = (name: string) => [{ Name: name, Values: [instanceId] }];
  const [instances, enis, protection, shutdown, associations, asg, groups, ...targets] =
    await Promise.all([
      m.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
      m.ec2.send(
        new DescribeNetworkInterfacesCommand({ Filters: filter('attachment.instance-id') }),
      ),
      m.ec2.send(
        new DescribeInstanceAttributeCommand({
          InstanceId: instanceId,
          Attribute: 'disableApiTermination',
        }),
      ),
      m.ec2.send(
        new DescribeInstanceAttributeCommand({
          InstanceId: instanceId,
          Attribute: 'instanceInitiatedShutdownBehavior',
        }),
      ),
      m.ec2.send(
        new DescribeIamInstanceProfileAssociationsCommand({ Filters: filter('instance-id') }),
      ),
      m.autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] })),
      m.autoScaling.send(
        new DescribeAutoScalingGroupsCommand({
          AutoScalingGroupNames: [WORKLOADS.autoScalingGroup],
        }),
      ),
      ...Object.values(WORKLOADS.targetGroups).map((arn) =>
        m.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })),
      ),
    ]);
  const instance = instances.Reservations?.[0]?.Instances?.[0];
  return {
    tags: Object.fromEntries(
      (instance?.Tags ?? []).filter((t) => t.Key !== 'Name').map((t) => [t.Key, t.Value]),
    ),
    interfaces: Object.fromEntries(
      (enis.NetworkInterfaces ?? []).map((eni) => [
        eni.NetworkInterfaceId,
        (eni.Groups ?? []).map((g) => g.GroupId),
      ]),
    ),
    terminationProtection: protection.DisableApiTermination?.Value,
    shutdownBehavior: shutdown.InstanceInitiatedShutdownBehavior?.Value,
    metadataEndpoint: instance?.MetadataOptions?.HttpEndpoint,
    profiles: (associations.IamInstanceProfileAssociations ?? []).map(
      (a) => a.IamInstanceProfile?.Arn,
    ),
    lifecycle: asg.AutoScalingInstances?.[0]?.LifecycleState,
    desiredCapacity: groups.AutoScalingGroups?.[0]?.DesiredCapacity,
    /** "port" of each registration that still gets traffic (draining ones left out). */
    registered: targets.flatMap((health) =>
      (health.TargetHealthDescriptions ?? [])
        .filter((d) => d.Target?.Id === instanceId && d.TargetHealth?.State !== 'draining')
        .map((d) => d.Target?.Port),
    ),
  };
}

export async function denyOf(m: MemberClients, instanceId: string) {
  try {
    const { PolicyDocument } = await m.iam.send(
      new GetRolePolicyCommand({
        RoleName: WORKLOADS.role,
        PolicyName: `SecurityIsolation-${instanceId}`,
      }),
    );
    return JSON.parse(decodeURIComponent(PolicyDocument ?? ''));
  } catch {
    return undefined;
  }
}

export async function snapshotsOf(m: MemberClients, isolationId: string) {
  const { Snapshots } = await m.ec2.send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [{ Name: 'tag:security:isolation', Values: [isolationId] }],
    }),
  );
  return (Snapshots ?? []).map((s) => s.VolumeId).sort();
}
