import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { accountId, region, writeFields } from '../fields.js';
import { groupId, port } from '../security-group/fields.js';
import { undoClosePort } from './undo.js';

const Input = Type.Object(
  { accountId, region, groupId, port: Type.Optional(port), ...writeFields },
  { additionalProperties: false },
);

const RuleRecord = Type.Object({
  ruleId: Type.Optional(Type.String({ description: 'The security group rule id (sgr-...).' })),
  protocol: Type.String({ description: 'tcp, udp, icmp, icmpv6 or -1 for all traffic.' }),
  fromPort: Type.Integer({ description: 'First port, or -1 for all.' }),
  toPort: Type.Integer({ description: 'Last port, or -1 for all.' }),
  source: Type.String({ description: 'The CIDR the rule allows.' }),
  description: Type.Optional(Type.String({ description: 'The rule description.' })),
});

const Details = Type.Object({
  port: Type.Integer({ description: 'The port asked to close.' }),
  groupName: Type.Optional(Type.String({ description: 'Name of the security group.' })),
  revokedRules: Type.Array(RuleRecord, {
    description: 'Rules removed (or to be removed), with everything needed to restore them.',
  }),
  recreatedRules: Type.Array(RuleRecord, {
    description: 'Rules added so that only the asked port closes.',
  }),
  stillOpenToTheWorld: Type.Array(Type.String(), {
    description: 'What the group still allows from anywhere afterwards.',
  }),
  notes: Type.Array(Type.String(), { description: 'Things the reader should know.' }),
});
type Details = Static<typeof Details>;
export type ClosePortInput = Static<typeof Input>;
export type ClosePortDetails = Details;

export const closeSecurityGroupPort = defineWriteAction({
  name: 'closeSecurityGroupPort',
  path: '/security-groups/close-port',
  summary: 'Close a port that a security group leaves open to the whole internet',
  description:
    'Removes the inbound rules of one security group that let anyone on the internet (0.0.0.0/0 or ::/0) reach the given port, default 22 (SSH). Only that port closes: when a rule also opens other ports, those stay open through new rules. Call getSecurityGroup first to see what is exposed, and use dryRun to preview. Running it again reports already compliant.',
  input: Input,
  details: Details,
  controls: ['NET-02', 'NET-03', 'IR-03'],
  permissions: [
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSecurityGroupRules',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupIngress',
  ],
  reversible: true,
  undo: undoClosePort,
  target: (input) => ({
    accountId: input.accountId,
    region: input.region,
    resourceType: 'security group',
    resourceId: input.groupId,
  }),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planClosePort)),
});
