import { type Static, Type } from 'typebox';
import { defineReadAction, loadOnFirstCall } from '../define.js';
import { accountId, region } from '../fields.js';
import { groupId } from '../security-group/fields.js';

const Input = Type.Object({ accountId, region, groupId }, { additionalProperties: false });

const WorldOpenRule = Type.Object({
  ruleId: Type.String({ description: 'The security group rule id.' }),
  reach: Type.String({ description: 'What the rule lets in, for example tcp 22 (SSH).' }),
  source: Type.String({ description: 'Where from: anywhere (IPv4) or anywhere (IPv6).' }),
  description: Type.Optional(Type.String({ description: 'The rule description.' })),
  administrativePorts: Type.Array(Type.Integer(), {
    description: 'Administrative ports (SSH, RDP, databases) the rule exposes.',
  }),
});

const Output = Type.Object({
  summary: Type.String({ description: 'What the group exposes, in plain words.' }),
  found: Type.Boolean({ description: 'False when the group does not exist.' }),
  accountId: Type.String({ description: 'The AWS account.' }),
  region: Type.String({ description: 'The AWS Region.' }),
  groupId: Type.String({ description: 'The security group id.' }),
  groupName: Type.Optional(Type.String({ description: 'The security group name.' })),
  vpcId: Type.Optional(Type.String({ description: 'The VPC the group belongs to.' })),
  protected: Type.Boolean({ description: 'True when the group carries the protected tag.' }),
  worldOpenRules: Type.Array(WorldOpenRule, {
    description: 'Inbound rules open to the whole internet.',
  }),
  ruleCount: Type.Integer({ description: 'Number of inbound rules in the group.' }),
});

export type GetSecurityGroupInput = Static<typeof Input>;
export type GetSecurityGroupOutput = Static<typeof Output>;

export const getSecurityGroup = defineReadAction({
  name: 'getSecurityGroup',
  path: '/security-groups',
  summary: 'Show what a security group leaves open to the internet',
  description:
    'Lists the inbound rules of one security group that anyone on the internet can reach, and which administrative ports (SSH, Remote Desktop, databases) they expose. Use it before closeSecurityGroupPort, or to answer whether a group breaks the network policy.',
  input: Input,
  output: Output,
  controls: ['NET-02', 'NET-03'],
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  target: (input) => ({
    accountId: input.accountId,
    region: input.region,
    resourceType: 'security group',
    resourceId: input.groupId,
  }),
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.runGetSecurityGroup)),
});
