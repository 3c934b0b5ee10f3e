import { type Static, Type } from 'typebox';
import { defineReadAction, loadOnFirstCall } from '../define.js';
import { instanceId } from '../ec2-instance/fields.js';
import { INSTANCE_READ_PERMISSIONS } from '../ec2-instance/read-permissions.js';
import { accountId, region } from '../fields.js';

const Input = Type.Object({ accountId, region, instanceId }, { additionalProperties: false });

const words = (description: string) => Type.Array(Type.String(), { description });

const GroupView = Type.Object({
  groupId: Type.String({ description: 'The security group id.' }),
  groupName: Type.String({ description: 'The security group name.' }),
  openToTheInternet: words('What the group lets anyone on the internet reach, e.g. tcp 22 (SSH).'),
});

const InterfaceView = Type.Object({
  networkInterfaceId: Type.String({ description: 'The network interface id (eni-...).' }),
  deviceIndex: Type.Integer({ description: '0 for the primary interface.' }),
  privateIp: Type.Optional(Type.String({ description: 'Its primary private address.' })),
  publicIp: Type.Optional(Type.String({ description: 'Its public address, if any.' })),
  securityGroups: Type.Array(GroupView, { description: 'The groups the interface is in.' }),
});

const Output = Type.Object({
  summary: Type.String({ description: 'The instance and its exposure, in plain words.' }),
  found: Type.Boolean({ description: 'False when the instance does not exist.' }),
  accountId: Type.String({ description: 'The AWS account.' }),
  region: Type.String({ description: 'The AWS Region.' }),
  instanceId: Type.String({ description: 'The instance id.' }),
  name: Type.Optional(Type.String({ description: 'The Name tag.' })),
  state: Type.Optional(Type.String({ description: 'running, stopped...' })),
  vpcId: Type.Optional(Type.String({ description: 'The VPC the instance is in.' })),
  publicIps: words('Public addresses of its interfaces.'),
  networkInterfaces: Type.Array(InterfaceView, { description: 'Every attached interface.' }),
  instanceProfile: Type.Optional(
    Type.Object({
      name: Type.String({ description: 'The instance profile name.' }),
      roleName: Type.Optional(Type.String({ description: 'The role its credentials come from.' })),
    }),
  ),
  metadataEndpoint: Type.String({ description: 'enabled or disabled (IMDS).' }),
  metadataTokensRequired: Type.Boolean({ description: 'True when only IMDSv2 is accepted.' }),
  terminationProtection: Type.Boolean({ description: 'True when the API cannot terminate it.' }),
  shutdownBehavior: Type.String({ description: 'stop or terminate, on a shutdown from inside.' }),
  volumes: words('Attached EBS volumes as "vol-... on /dev/xvda".'),
  autoScalingGroup: Type.Optional(
    Type.Object({
      name: Type.String({ description: 'The Auto Scaling group.' }),
      lifecycleState: Type.String({ description: 'InService, Standby...' }),
    }),
  ),
  targetGroups: words('Load-balancer target groups holding it, as "name port N (state)".'),
  protected: Type.Boolean({ description: 'True when the instance carries the protected tag.' }),
  isolated: Type.Boolean({ description: 'True when an isolation is complete on it.' }),
  isolationId: Type.Optional(Type.String({ description: 'The isolation that tagged it.' })),
});

export type GetEc2InstanceInput = Static<typeof Input>;
export type GetEc2InstanceOutput = Static<typeof Output>;

export const getEc2Instance = defineReadAction({
  name: 'getEc2Instance',
  path: '/ec2/instances',
  summary: 'Show an EC2 instance: its exposure, credentials, load balancing and isolation',
  description:
    'Describes one EC2 instance for an incident: its state, network interfaces with their security groups and what they open to the internet, public addresses, instance profile and role, metadata (IMDS) settings, termination protection, attached volumes, its Auto Scaling group and load-balancer target groups, and whether it is already isolated. Use it before isolateEc2Instance.',
  input: Input,
  output: Output,
  controls: ['IR-08', 'NET-02'],
  permissions: [
    ...INSTANCE_READ_PERMISSIONS,
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSecurityGroupRules',
  ],
  target: (input) => ({
    accountId: input.accountId,
    region: input.region,
    resourceType: 'EC2 instance',
    resourceId: input.instanceId,
  }),
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.runGetEc2Instance)),
});
