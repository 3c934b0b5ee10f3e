import { type Static, Type } from 'typebox';
import { defineReadAction, EVERY_ALLOWED_ACCOUNT, loadOnFirstCall } from '../define.js';
import { accountId, region } from '../fields.js';

const Input = Type.Object(
  {
    accountId: Type.Optional({
      ...accountId,
      description:
        'Scan only this 12-digit AWS account. Leave it out to scan every account this API may act in.',
    }),
    region: Type.Optional({
      ...region,
      description: 'Scan only this AWS Region. Leave it out to scan every Region this API acts in.',
    }),
    port: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 65535,
        description:
          'List only groups that let the internet reach this port, for example 22 for SSH or 3389 for Remote Desktop.',
        examples: [22],
        'x-error-message': 'must be a whole number from 0 to 65535, for example 22 for SSH',
        'x-amzn-form-display-name': 'Port',
      }),
    ),
    maxResults: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 500,
        default: 100,
        description: 'Most security groups in one answer (1 to 500, default 100).',
        'x-error-message': 'must be a whole number from 1 to 500',
        'x-amzn-form-display-name': 'Groups per answer',
      }),
    ),
    nextToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 8000,
        description:
          'The nextToken of the previous answer, to continue the same scan where it stopped.',
        'x-amzn-form-display-name': 'Continue from',
      }),
    ),
  },
  { additionalProperties: false },
);

const text = (description: string) => Type.String({ description });

const Exposure = Type.Object({
  category: Type.Unsafe<'administrative' | 'database' | 'all-traffic' | 'other'>({
    type: 'string',
    enum: ['administrative', 'database', 'all-traffic', 'other'],
    description: 'administrative (SSH, Remote Desktop...), database, all-traffic or other.',
  }),
  reach: text('What the rule lets in, for example tcp 22 (SSH).'),
  sources: Type.Array(Type.String(), { description: '0.0.0.0/0 (IPv4), ::/0 (IPv6) or both.' }),
  criticalPorts: Type.Array(Type.Integer(), {
    description: 'Administration and database ports this opening exposes.',
  }),
});

const ClosePortInput = Type.Object({
  accountId: text('The AWS account.'),
  region: text('The AWS Region.'),
  groupId: text('The security group id.'),
  port: Type.Integer({ description: 'The port to close.' }),
});

const ExposedGroup = Type.Object({
  accountId: text('The AWS account.'),
  region: text('The AWS Region.'),
  groupId: text('The security group id.'),
  groupName: text('The security group name.'),
  vpcId: Type.Optional(text('The VPC of the group.')),
  protected: Type.Boolean({ description: 'True when this API will not change the group.' }),
  exposures: Type.Array(Exposure, {
    description: 'What the group leaves open to the internet, worst first.',
  }),
  usedBy: Type.Object(
    {
      networkInterfaces: Type.Integer({ description: 'Network interfaces using the group.' }),
      instances: Type.Array(Type.String(), { description: 'EC2 instances using the group.' }),
      others: Type.Array(Type.String(), {
        description: 'Other users: load balancers, endpoints, functions (their interfaces).',
      }),
    },
    { description: 'What would be exposed, or cut off, through this group.' },
  ),
  remediation: Type.Object(
    {
      operation: Type.Literal('closeSecurityGroupPort'),
      inputs: Type.Array(ClosePortInput, {
        description: 'One closeSecurityGroupPort request per port; empty when protected.',
      }),
      manualReview: Type.Array(Type.String(), {
        description: 'Openings that closing single ports does not fully fix (ranges, all traffic).',
      }),
    },
    { description: 'The remediation that would fix it.' },
  ),
});

const Skipped = Type.Object({
  accountId: text('The AWS account.'),
  region: text('The AWS Region.'),
  reason: text('Why it was not scanned.'),
});

const Output = Type.Object({
  summary: text('What is open to the internet, in a sentence to read aloud.'),
  groups: Type.Array(ExposedGroup, { description: 'Security groups open to the internet.' }),
  scanned: Type.Integer({ description: 'Account and Region pairs scanned for this answer.' }),
  notScanned: Type.Array(Skipped, {
    description: 'Account and Region pairs not scanned in time; nextToken continues with them.',
  }),
  unreachable: Type.Array(Skipped, {
    description: 'Account and Region pairs this API cannot read (for example no role there).',
  }),
  nextToken: Type.Optional(text('Send it back to continue the scan; absent when it is done.')),
});

export type FindExposedInput = Static<typeof Input>;
export type FindExposedOutput = Static<typeof Output>;
export type ExposedGroupView = Static<typeof ExposedGroup>;

export const findExposedResources = defineReadAction({
  name: 'findExposedResources',
  path: '/exposed-resources',
  summary: 'Find what is open to the internet across accounts',
  description:
    'Scans the security groups of every account and Region this API may act in (or the one asked) for inbound rules open to the whole internet (0.0.0.0/0 or ::/0), worst first: remote administration and database ports, then all traffic, then the rest. For each group it says what uses it, whether it is protected, and the closeSecurityGroupPort requests that would fix it. Use port=22 for "what leaves SSH open?". A long scan answers in time with what it read and a nextToken to continue.',
  input: Input,
  output: Output,
  controls: ['NET-02', 'NET-03'],
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
  target: (input) => ({
    accountId: input.accountId ?? EVERY_ALLOWED_ACCOUNT,
    ...(input.region ? { region: input.region } : {}),
    resourceType: 'security groups',
    resourceId: 'open to the internet',
  }),
  run: loadOnFirstCall(() => import('./run.js').then((m) => m.runFindExposed)),
});
