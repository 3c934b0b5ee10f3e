import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
  ExitStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AssociateIamInstanceProfileCommand,
  AuthorizeSecurityGroupEgressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DisassociateIamInstanceProfileCommand,
  type EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { WORKLOADS } from '../../../../infra/local/sandbox/aws/incident-workloads.js';
import { failure, memberCredentials, memberEc2, type Sandbox, startSandbox } from './fixture.js';

const { instances, webServer, targetGroups } = WORKLOADS;
const WEB = instances.webServer;

describe('sandbox EC2 instances, Auto Scaling and ELBv2', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;
  let asg: AutoScalingClient;
  let elb: ElasticLoadBalancingV2Client;
  let iam: IAMClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(async () => {
    sandbox.reset();
    ec2 = await memberEc2(sandbox);
    const settings = {
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: await memberCredentials(sandbox),
      maxAttempts: 1,
    };
    asg = new AutoScalingClient(settings);
    elb = new ElasticLoadBalancingV2Client(settings);
    iam = new IAMClient(settings);
  });

  it('describes the compromised web server with its interfaces, volumes, profile and IMDS', async () => {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [WEB] }));
    const instance = Reservations?.[0]?.Instances?.[0];
    assert.equal(instance?.InstanceId, WEB);
    assert.equal(instance?.State?.Name, 'running');
    assert.equal(instance?.VpcId, WORKLOADS.vpcId);
    assert.equal(instance?.PublicIpAddress, webServer.publicIp);
    assert.deepEqual(
      instance?.NetworkInterfaces?.map((eni) => [
        eni.NetworkInterfaceId,
        eni.Attachment?.DeviceIndex,
        eni.Groups?.map((g) => g.GroupName),
      ]),
      [
        [webServer.interfaces[0], 0, ['web-frontend']],
        [webServer.interfaces[1], 1, ['already-fine']],
      ],
    );
    assert.deepEqual(
      instance?.BlockDeviceMappings?.map((m) => m.Ebs?.VolumeId),
      [...webServer.volumes],
    );
    assert.match(instance?.IamInstanceProfile?.Arn ?? '', /instance-profile\/web-server-profile$/);
    assert.equal(instance?.MetadataOptions?.HttpEndpoint, 'enabled');
    const missing = await failure(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000dead'] })),
    );
    assert.equal(missing.name, 'InvalidInstanceID.NotFound');
    const malformed = await failure(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })),
    );
    assert.equal(malformed.name, 'InvalidInstanceID.Malformed');
  });

  it('changes instance attributes one at a time and IMDS options', async () => {
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: WEB,
        DisableApiTermination: { Value: true },
      }),
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: WEB,
        InstanceInitiatedShutdownBehavior: { Value: 'stop' },
      }),
    );
    const protection = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: WEB, Attribute: 'disableApiTermination' }),
    );
    assert.equal(protection.DisableApiTermination?.Value, true);
    const shutdown = await ec2.send(
      new DescribeInstanceAttributeCommand({
        InstanceId: WEB,
        Attribute: 'instanceInitiatedShutdownBehavior',
      }),
    );
    assert.equal(shutdown.InstanceInitiatedShutdownBehavior?.Value, 'stop');
    const both = await failure(
      ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: WEB,
          DisableApiTermination: { Value: false },
          InstanceInitiatedShutdownBehavior: { Value: 'terminate' },
        }),
      ),
    );
    assert.equal(both.name, 'InvalidParameterCombination');
    const imds = await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: WEB, HttpEndpoint: 'disabled' }),
    );
    assert.equal(imds.InstanceMetadataOptions?.HttpEndpoint, 'disabled');
  });

  it('replaces an interface’s groups, refusing a group of another VPC, and keeps the history', async () => {
    const eni = webServer.interfaces[0];
    const other = await failure(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: eni,
          Groups: [WORKLOADS.isolationGroup],
        }),
      ),
    );
    assert.equal(other.name, 'InvalidGroup.NotFound');
    await ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: eni,
        Groups: [WORKLOADS.groups.internal],
      }),
    );
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: [WEB] }],
      }),
    );
    assert.deepEqual(
      NetworkInterfaces?.find((n) => n.NetworkInterfaceId === eni)?.Groups?.map((g) => g.GroupId),
      [WORKLOADS.groups.internal],
    );
    // The order of the group sets is kept for people and tests (AWS shows it only in CloudTrail).
    const state = await fetch(
      `${sandbox.url}/_sandbox/state/ec2-instances?accountId=${WORKLOADS.accountId}&region=us-east-1`,
    ).then(
      (response) =>
        response.json() as Promise<{
          networkInterfaces: Record<string, { groupHistory: string[][] }>;
        }>,
    );
    assert.deepEqual(state.networkInterfaces[eni]?.groupHistory, [
      [WORKLOADS.groups.web],
      [WORKLOADS.groups.internal],
    ]);
  });

  it('creates a group with AWS’s default egress rule, which can be revoked and re-added', async () => {
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'quarantine',
        Description: 'nothing in or out',
        VpcId: WORKLOADS.vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'k', Value: 'v' }] }],
      }),
    );
    const read = async () =>
      (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId as string] })))
        .SecurityGroups?.[0];
    assert.equal((await read())?.IpPermissionsEgress?.[0]?.IpProtocol, '-1');
    const all = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId, IpPermissions: all }));
    assert.deepEqual((await read())?.IpPermissionsEgress, []);
    const again = await failure(
      ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId, IpPermissions: all })),
    );
    assert.equal(again.name, 'InvalidPermission.NotFound');
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId, IpPermissions: all }));
    const duplicate = await failure(
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'quarantine',
          Description: 'x',
          VpcId: WORKLOADS.vpcId,
        }),
      ),
    );
    assert.equal(duplicate.name, 'InvalidGroup.Duplicate');
  });

  it('snapshots volumes with tags, one by one or all of an instance at once', async () => {
    const tagged = [{ ResourceType: 'snapshot' as const, Tags: [{ Key: 'case', Value: 'SEC-1' }] }];
    const one = await ec2.send(
      new CreateSnapshotCommand({ VolumeId: webServer.volumes[1], TagSpecifications: tagged }),
    );
    assert.equal(one.State, 'pending');
    const all = await ec2.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: WEB },
        TagSpecifications: tagged,
      }),
    );
    assert.deepEqual(all.Snapshots?.map((s) => s.VolumeId).sort(), [...webServer.volumes]);
    const { Snapshots } = await ec2.send(
      new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:case', Values: ['SEC-1'] }] }),
    );
    assert.equal(Snapshots?.length, 3);
    const { Volumes } = await ec2.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [WEB] }] }),
    );
    assert.deepEqual(
      Volumes?.map((v) => v.Attachments?.[0]?.Device),
      ['/dev/xvda', '/dev/xvdf'],
    );
    const missing = await failure(
      ec2.send(new CreateSnapshotCommand({ VolumeId: 'vol-0000000000000dead' })),
    );
    assert.equal(missing.name, 'InvalidVolume.NotFound');
  });

  it('tags and untags instances', async () => {
    await ec2.send(
      new CreateTagsCommand({ Resources: [WEB], Tags: [{ Key: 'security:x', Value: '1' }] }),
    );
    await ec2.send(new DeleteTagsCommand({ Resources: [WEB], Tags: [{ Key: 'security:x' }] }));
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [WEB] }));
    assert.deepEqual(
      Reservations?.[0]?.Instances?.[0]?.Tags?.map((t) => t.Key),
      ['Name'],
    );
  });

  it('disassociates and re-associates an instance profile; one profile per instance', async () => {
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: WORKLOADS.instanceProfile }),
    );
    assert.deepEqual(
      InstanceProfile?.Roles?.map((r) => r.RoleName),
      [WORKLOADS.role],
    );
    const twice = await failure(
      ec2.send(
        new AssociateIamInstanceProfileCommand({
          InstanceId: WEB,
          IamInstanceProfile: { Arn: InstanceProfile?.Arn },
        }),
      ),
    );
    assert.equal(twice.name, 'IncorrectState');
    await ec2.send(
      new DisassociateIamInstanceProfileCommand({ AssociationId: webServer.profileAssociation }),
    );
    const gone = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [WEB] }],
      }),
    );
    assert.deepEqual(gone.IamInstanceProfileAssociations, []);
    const back = await ec2.send(
      new AssociateIamInstanceProfileCommand({
        InstanceId: WEB,
        IamInstanceProfile: { Arn: InstanceProfile?.Arn },
      }),
    );
    assert.equal(back.IamInstanceProfileAssociation?.InstanceId, WEB);
  });

  it('moves an instance to Standby and back, with ShouldDecrementDesiredCapacity', async () => {
    const capacity = async () =>
      (
        await asg.send(
          new DescribeAutoScalingGroupsCommand({
            AutoScalingGroupNames: [WORKLOADS.autoScalingGroup],
          }),
        )
      ).AutoScalingGroups?.[0]?.DesiredCapacity;
    const state = async () =>
      (await asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [WEB] })))
        .AutoScalingInstances?.[0]?.LifecycleState;
    assert.equal(await state(), 'InService');
    await asg.send(
      new EnterStandbyCommand({
        AutoScalingGroupName: WORKLOADS.autoScalingGroup,
        InstanceIds: [WEB],
        ShouldDecrementDesiredCapacity: true,
      }),
    );
    assert.equal(await state(), 'Standby');
    assert.equal(await capacity(), 2);
    const twice = await failure(
      asg.send(
        new EnterStandbyCommand({
          AutoScalingGroupName: WORKLOADS.autoScalingGroup,
          InstanceIds: [WEB],
          ShouldDecrementDesiredCapacity: true,
        }),
      ),
    );
    assert.equal(twice.name, 'ValidationError');
    await asg.send(
      new ExitStandbyCommand({
        AutoScalingGroupName: WORKLOADS.autoScalingGroup,
        InstanceIds: [WEB],
      }),
    );
    assert.equal(await state(), 'InService');
    assert.equal(await capacity(), 3);
    const outside = await asg.send(
      new DescribeAutoScalingInstancesCommand({ InstanceIds: [instances.protectedDb] }),
    );
    assert.deepEqual(outside.AutoScalingInstances, []);
  });

  it('deregisters and re-registers targets on the same port', async () => {
    const health = async (arn: string) =>
      (
        await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))
      ).TargetHealthDescriptions?.filter((d) => d.Target?.Id === WEB).map(
        (d) => `${d.Target?.Port} ${d.TargetHealth?.State}`,
      );
    const { TargetGroups } = await elb.send(new DescribeTargetGroupsCommand({}));
    assert.deepEqual(TargetGroups?.map((g) => g.TargetGroupName).sort(), [
      'web-admin-tg',
      'web-tg',
    ]);
    await elb.send(
      new DeregisterTargetsCommand({
        TargetGroupArn: targetGroups.admin,
        Targets: [{ Id: WEB, Port: 8443 }],
      }),
    );
    assert.deepEqual(await health(targetGroups.admin), ['8443 draining']);
    await elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: targetGroups.admin,
        Targets: [{ Id: WEB, Port: 8443 }],
      }),
    );
    assert.deepEqual(await health(targetGroups.admin), ['8443 initial']);
    const unknown = await failure(
      elb.send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: targetGroups.web.replace('5eed0000000000a1', '0000000000000000'),
        }),
      ),
    );
    assert.equal(unknown.name, 'TargetGroupNotFoundException');
    const notRegistered = await failure(
      elb.send(
        new DeregisterTargetsCommand({
          TargetGroupArn: targetGroups.admin,
          Targets: [{ Id: instances.neighbourA }],
        }),
      ),
    );
    assert.equal(notRegistered.name, 'InvalidTargetException');
  });
});
