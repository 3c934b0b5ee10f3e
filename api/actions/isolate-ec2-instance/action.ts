import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { disableMetadata, instanceId } from '../ec2-instance/fields.js';
import { GROUP_TAG } from '../ec2-instance/names.js';
import { INSTANCE_READ_PERMISSIONS } from '../ec2-instance/read-permissions.js';
import { accountId, region, writeFields } from '../fields.js';
import { releaseIsolation } from './undo.js';

const Input = Type.Object(
  {
    accountId,
    region,
    instanceId,
    disableMetadata: Type.Optional(disableMetadata),
    ...writeFields,
  },
  { additionalProperties: false },
);

const words = (description: string) => Type.Array(Type.String(), { description });

/** The state before the isolation: everything the release puts back. */
const Previous = Type.Object({
  terminationProtection: Type.Boolean({ description: 'Termination protection before.' }),
  shutdownBehavior: Type.String({ description: 'stop or terminate before.' }),
  metadataEndpoint: Type.String({ description: 'enabled or disabled before.' }),
  interfaces: Type.Array(
    Type.Object({
      networkInterfaceId: Type.String({ description: 'The interface.' }),
      groupIds: words('Its security groups before, in order.'),
    }),
    { description: 'Each interface with its groups before.' },
  ),
  instanceProfile: Type.Optional(
    Type.Object({
      arn: Type.String({ description: 'The instance profile ARN.' }),
      name: Type.String({ description: 'The instance profile name.' }),
      roleName: Type.Optional(Type.String({ description: 'The role in it.' })),
    }),
  ),
  autoScalingGroup: Type.Optional(
    Type.Object({
      name: Type.String({ description: 'The Auto Scaling group.' }),
      lifecycleState: Type.String({ description: 'Its lifecycle state before (InService).' }),
    }),
  ),
  targets: Type.Array(
    Type.Object({
      targetGroupArn: Type.String({ description: 'The target group.' }),
      targetGroupName: Type.String({ description: 'Its name.' }),
      port: Type.Integer({ description: 'The port the instance was registered on.' }),
    }),
    { description: 'Load-balancer registrations before.' },
  ),
});

const Details = Type.Object({
  isolationId: Type.String({
    description:
      'The isolation this run belongs to: the remediation that started it (tagged on the instance).',
  }),
  instanceId: Type.String({ description: 'The instance.' }),
  instanceArn: Type.Optional(Type.String({ description: 'Its ARN.' })),
  vpcId: Type.Optional(Type.String({ description: 'Its VPC.' })),
  previous: Type.Optional(Previous),
  isolationGroupId: Type.Optional(Type.String({ description: 'The VPC’s isolation group.' })),
  allTrafficGroupId: Type.Optional(
    Type.String({ description: 'The all-traffic group used as the first hop.' }),
  ),
  snapshots: Type.Array(
    Type.Object({
      volumeId: Type.String({ description: 'The volume.' }),
      snapshotId: Type.String({ description: 'Its evidence snapshot (kept on release).' }),
    }),
    { description: 'Evidence snapshots of every attached volume.' },
  ),
  denyPolicy: Type.Optional(
    Type.Object({
      roleName: Type.String({ description: 'The role the deny is on.' }),
      policyName: Type.String({ description: 'The inline policy name.' }),
      sessionsIssuedBefore: Type.Optional(
        Type.String({ description: 'This instance’s credentials issued before are denied.' }),
      ),
    }),
  ),
  metadataDisabled: Type.Boolean({ description: 'True when this run turned IMDS off.' }),
  done: words('What this run changed (or, in a preview, would change), in order.'),
  nowTrue: words('What the read-back after the run found.'),
  notes: words('Things the reader should know.'),
});

export type IsolateInput = Static<typeof Input>;
export type IsolateDetails = Static<typeof Details>;
export type PreviousState = Static<typeof Previous>;

export const isolateEc2Instance = defineWriteAction({
  name: 'isolateEc2Instance',
  path: '/ec2/instances/isolate',
  summary: 'Isolate a compromised EC2 instance, keeping it and its disks as evidence',
  description:
    'Cuts a compromised instance off without destroying evidence: tags it, turns on termination protection, snapshots every attached volume, moves it to Standby in its Auto Scaling group and out of its load-balancer target groups, moves every network interface to an isolation security group with no inbound or outbound rules (through an all-traffic group first, so established connections drop), denies the credentials it already holds on its role (only this instance: other instances sharing the role keep working) and removes its instance profile. Optionally turns the metadata endpoint off. Call getEc2Instance first and use dryRun to preview; undoRemediation releases it (the snapshots stay). Running it again finishes an isolation that stopped halfway.',
  input: Input,
  details: Details,
  controls: ['IR-08', 'IR-06', 'IR-05'],
  permissions: [
    ...INSTANCE_READ_PERMISSIONS,
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSnapshots',
    'ec2:CreateTags',
    'ec2:ModifyInstanceAttribute',
    'ec2:CreateSnapshot',
    'autoscaling:EnterStandby',
    'elasticloadbalancing:DeregisterTargets',
    'ec2:CreateSecurityGroup',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:ModifyNetworkInterfaceAttribute',
    'iam:GetRolePolicy',
    'iam:PutRolePolicy',
    'ec2:DisassociateIamInstanceProfile',
    'ec2:ModifyInstanceMetadataOptions',
  ],
  conditions: {
    // Outbound rules are only ever changed on the two groups an isolation keeps (tagged).
    'ec2:RevokeSecurityGroupEgress': { StringLike: { [`aws:ResourceTag/${GROUP_TAG}`]: '*' } },
    'ec2:AuthorizeSecurityGroupEgress': { StringLike: { [`aws:ResourceTag/${GROUP_TAG}`]: '*' } },
    // Tags on the instance, the snapshots and the groups: only the isolation's own keys.
    'ec2:CreateTags': { 'ForAllValues:StringLike': { 'aws:TagKeys': ['security:*', 'Name'] } },
  },
  // Releasing is a recorded undo, but isolating cuts a server off production: responders only.
  reversible: false,
  requiresTicket: true,
  undo: releaseIsolation,
  target: (input) => ({
    accountId: input.accountId,
    region: input.region,
    resourceType: 'EC2 instance',
    resourceId: input.instanceId,
  }),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planIsolation)),
});
