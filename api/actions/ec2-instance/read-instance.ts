import {
  type AutoScalingClient,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import type { MemberAccountClients } from '../../aws/clients.js';
import { partitionOf } from '../../aws/partition.js';
import { type InstanceTarget, targetsOf } from './target-groups.js';

export interface InterfaceView {
  networkInterfaceId: string;
  deviceIndex: number;
  groups: Array<{ groupId: string; groupName: string }>;
  privateIp?: string;
  publicIp?: string;
}

export interface InstanceView {
  instanceId: string;
  arn: string;
  name?: string;
  state: string;
  vpcId: string;
  subnetId?: string;
  tags: Record<string, string>;
  interfaces: InterfaceView[];
  volumes: Array<{ volumeId: string; device: string }>;
  /** The current instance profile association, if any. */
  profile?: {
    associationId: string;
    arn: string;
    name: string;
    roleName?: string;
    roleArn?: string;
  };
  metadata: { httpEndpoint: string; httpTokens: string; hopLimit: number };
  terminationProtection: boolean;
  shutdownBehavior: string;
  autoScaling?: { groupName: string; lifecycleState: string };
  targets: InstanceTarget[];
}

/**
 * Reads one instance and everything around it from AWS, all reads after DescribeInstances at
 * once. Undefined when there is no such instance in the account and Region.
 */
export async function readInstance(
  aws: MemberAccountClients,
  accountId: string,
  region: string,
  instanceId: string,
): Promise<InstanceView | undefined> {
  const ec2 = aws.ec2(accountId, region);
  const instance = await describeInstance(ec2, instanceId);
  if (!instance) return undefined;
  const vpcId = instance.VpcId ?? '';
  // allSettled, not all: a failing read must not leave the others running after the answer.
  const reads = await Promise.allSettled([
    attribute(ec2, instanceId, 'disableApiTermination'),
    attribute(ec2, instanceId, 'instanceInitiatedShutdownBehavior'),
    association(ec2, instanceId),
    autoScalingOf(aws.autoScaling(accountId, region), instanceId),
    targetsOf(aws.elbv2(accountId, region), instanceId, vpcId),
    // Named by DescribeInstances already, so read alongside rather than after the association.
    instance.IamInstanceProfile?.Arn
      ? roleOf(aws.iam(accountId), instance.IamInstanceProfile.Arn.split('/').pop() ?? '')
      : Promise.resolve({}),
  ]);
  const failed = reads.find((read) => read.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const [protection, shutdown, associated, autoScaling, targets, role] = reads.map(
    (read) => (read as PromiseFulfilledResult<unknown>).value,
  ) as [
    string,
    string,
    Association | undefined,
    InstanceView['autoScaling'],
    InstanceTarget[],
    { roleName?: string; roleArn?: string },
  ];
  // The association is what hands out credentials; the role is only named when it is current.
  const profile = associated
    ? {
        ...associated,
        ...(associated.arn === instance.IamInstanceProfile?.Arn
          ? role
          : await roleOf(aws.iam(accountId), associated.name)),
      }
    : undefined;
  const tags = Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const options = instance.MetadataOptions;
  return {
    instanceId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${accountId}:instance/${instanceId}`,
    ...(tags.Name ? { name: tags.Name } : {}),
    state: instance.State?.Name ?? 'unknown',
    vpcId,
    ...(instance.SubnetId ? { subnetId: instance.SubnetId } : {}),
    tags,
    interfaces: (instance.NetworkInterfaces ?? [])
      .map((eni) => ({
        networkInterfaceId: eni.NetworkInterfaceId ?? '',
        deviceIndex: eni.Attachment?.DeviceIndex ?? 0,
        groups: (eni.Groups ?? []).map((g) => ({
          groupId: g.GroupId ?? '',
          groupName: g.GroupName ?? g.GroupId ?? '',
        })),
        ...(eni.PrivateIpAddress ? { privateIp: eni.PrivateIpAddress } : {}),
        ...(eni.Association?.PublicIp ? { publicIp: eni.Association.PublicIp } : {}),
      }))
      .sort((a, b) => a.deviceIndex - b.deviceIndex),
    volumes: (instance.BlockDeviceMappings ?? [])
      .filter((mapping) => mapping.Ebs?.VolumeId)
      .map((mapping) => ({
        volumeId: mapping.Ebs?.VolumeId ?? '',
        device: mapping.DeviceName ?? '',
      })),
    ...(profile ? { profile } : {}),
    metadata: {
      httpEndpoint: options?.HttpEndpoint ?? 'enabled',
      httpTokens: options?.HttpTokens ?? 'optional',
      hopLimit: options?.HttpPutResponseHopLimit ?? 1,
    },
    terminationProtection: protection === 'true',
    shutdownBehavior: shutdown,
    ...(autoScaling ? { autoScaling } : {}),
    targets,
  };
}

async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance | undefined> {
  try {
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [instanceId] }),
    );
    return Reservations?.flatMap((r) => r.Instances ?? []).find(
      (instance) => instance.InstanceId === instanceId,
    );
  } catch (error) {
    if (isAwsError(error, 'InvalidInstanceID.NotFound')) return undefined;
    throw translateAwsError('ec2:DescribeInstances', error);
  }
}

async function attribute(
  ec2: EC2Client,
  instanceId: string,
  name: 'disableApiTermination' | 'instanceInitiatedShutdownBehavior',
): Promise<string> {
  try {
    const answer = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: name }),
    );
    return name === 'disableApiTermination'
      ? String(answer.DisableApiTermination?.Value ?? false)
      : (answer.InstanceInitiatedShutdownBehavior?.Value ?? 'stop');
  } catch (error) {
    throw translateAwsError('ec2:DescribeInstanceAttribute', error);
  }
}

interface Association {
  associationId: string;
  arn: string;
  name: string;
}

/** Only `associated` counts: one being removed no longer hands out credentials. */
async function association(ec2: EC2Client, instanceId: string): Promise<Association | undefined> {
  try {
    const { IamInstanceProfileAssociations } = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [instanceId] }],
      }),
    );
    const found = IamInstanceProfileAssociations?.find(
      (item) => item.InstanceId === instanceId && item.State === 'associated',
    );
    const arn = found?.IamInstanceProfile?.Arn;
    if (!found?.AssociationId || !arn) return undefined;
    return { associationId: found.AssociationId, arn, name: arn.split('/').pop() ?? arn };
  } catch (error) {
    throw translateAwsError('ec2:DescribeIamInstanceProfileAssociations', error);
  }
}

async function roleOf(
  iam: IAMClient,
  profileName: string,
): Promise<{ roleName?: string; roleArn?: string }> {
  try {
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: profileName }),
    );
    const role = InstanceProfile?.Roles?.[0];
    return role?.RoleName ? { roleName: role.RoleName, roleArn: role.Arn ?? '' } : {};
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return {};
    throw translateAwsError('iam:GetInstanceProfile', error);
  }
}

async function autoScalingOf(
  autoScaling: AutoScalingClient,
  instanceId: string,
): Promise<InstanceView['autoScaling']> {
  try {
    const { AutoScalingInstances } = await autoScaling.send(
      new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }),
    );
    const found = AutoScalingInstances?.find((item) => item.InstanceId === instanceId);
    if (!found?.AutoScalingGroupName) return undefined;
    return { groupName: found.AutoScalingGroupName, lifecycleState: found.LifecycleState ?? '' };
  } catch (error) {
    throw translateAwsError('autoscaling:DescribeAutoScalingInstances', error);
  }
}
