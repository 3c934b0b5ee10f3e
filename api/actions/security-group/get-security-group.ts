import { Type } from 'typebox';
import type { ReadAction } from '../action.js';
import { accountId, region } from '../fields.js';
import { describeGroup } from './describe-group.js';
import { groupId } from './fields.js';
import {
  administrativePortsIn,
  describePorts,
  describeSource,
  isWorldOpen,
  sourceOf,
} from './rules.js';

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

export const getSecurityGroup: ReadAction<typeof Input, typeof Output> = {
  kind: 'read',
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
  async run(context, input) {
    const group = await describeGroup(
      context.aws.ec2(input.accountId, input.region),
      input.groupId,
    );
    const base = { accountId: input.accountId, region: input.region, groupId: input.groupId };
    if (!group) {
      return {
        ...base,
        summary: `Security group ${input.groupId} does not exist in account ${input.accountId} in ${input.region}.`,
        found: false,
        protected: false,
        worldOpenRules: [],
        ruleCount: 0,
      };
    }
    const open = group.ingress.filter(isWorldOpen).map((rule) => ({
      ruleId: rule.ruleId,
      reach: describePorts(rule),
      source: describeSource(sourceOf(rule)),
      ...(rule.description ? { description: rule.description } : {}),
      administrativePorts: administrativePortsIn(rule),
    }));
    const isProtected = context.config.protectedTagKey in group.tags;
    const adminPorts = [...new Set(open.flatMap((rule) => rule.administrativePorts))];
    const name = `${group.groupName} (${group.groupId})`;
    const exposure =
      open.length === 0
        ? `${name} has no inbound rule open to the internet.`
        : `${name} lets anyone on the internet reach ${[...new Set(open.map((rule) => rule.reach))].join(', ')}.`;
    const verdict =
      adminPorts.length > 0
        ? ` That exposes administrative port${adminPorts.length > 1 ? 's' : ''} ${adminPorts.join(', ')}, which the network policy forbids; closeSecurityGroupPort can close ${adminPorts.length > 1 ? 'each' : 'it'}.`
        : '';
    const protection = isProtected
      ? ` The group is protected (tag ${context.config.protectedTagKey}) and will not be changed by this API.`
      : '';
    return {
      ...base,
      summary: `${exposure}${verdict}${protection}`,
      found: true,
      groupName: group.groupName,
      ...(group.vpcId ? { vpcId: group.vpcId } : {}),
      protected: isProtected,
      worldOpenRules: open,
      ruleCount: group.ingress.length,
    };
  },
};
