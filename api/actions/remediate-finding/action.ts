import { type Static, Type } from 'typebox';
import type { FindingRef } from '../../aws/security-hub-findings.js';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { writeFields } from '../fields.js';
import { undoRemediateFinding } from './undo.js';

const Input = Type.Object(
  {
    findingId: Type.String({
      minLength: 1,
      maxLength: 512,
      description:
        'The finding to fix: its Id as Security Hub shows it (give productArn with it), or the metadata.uid of a Security Hub v2 (OCSF) finding (without productArn).',
      examples: [
        'arn:aws:securityhub:us-east-1:222222222222:security-control/EC2.13/finding/5eed0013-0000-4000-8000-000000000001',
      ],
      'x-error-message': 'must be the finding Id or metadata.uid, as Security Hub shows it',
      'x-amzn-form-display-name': 'Finding',
    }),
    productArn: Type.Optional(
      Type.String({
        pattern: '^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\\d{0,12}:product/.+$',
        description:
          'The ProductArn of a Security Hub finding (ASFF), for example arn:aws:securityhub:us-east-1::product/aws/securityhub. Leave it out for a Security Hub v2 finding.',
        examples: ['arn:aws:securityhub:us-east-1::product/aws/securityhub'],
        'x-error-message':
          'must be a Security Hub product ARN, for example arn:aws:securityhub:us-east-1::product/aws/securityhub',
        'x-amzn-form-display-name': 'Product ARN',
      }),
    ),
    ...writeFields,
  },
  { additionalProperties: false },
);
export type RemediateFindingInput = Static<typeof Input>;

const Run = Type.Object({
  input: Type.Object({}, { additionalProperties: true, description: 'The request it made.' }),
  outcome: Type.String({ description: 'remediated, partially_remediated, failed or planned.' }),
  summary: Type.String({ description: 'What it did, in words.' }),
  details: Type.Object({}, { additionalProperties: true, description: 'Its own details.' }),
});

const Details = Type.Object({
  finding: Type.Object(
    {
      id: Type.String({ description: 'The finding Id or metadata.uid.' }),
      title: Type.Optional(Type.String({ description: 'The finding title.' })),
      control: Type.Optional(
        Type.String({ description: 'The Security Hub control, e.g. EC2.13.' }),
      ),
    },
    { description: 'The finding acted on.' },
  ),
  operation: Type.Optional(
    Type.String({ description: 'The operation the finding maps to, e.g. closeSecurityGroupPort.' }),
  ),
  runs: Type.Array(Run, { description: 'One run of that operation per port or principal.' }),
  findingStatus: Type.Optional(
    Type.String({ description: 'The workflow status written back: RESOLVED or NOTIFIED.' }),
  ),
  notes: Type.Array(Type.String(), { description: 'Things the reader should know.' }),
});
export type RemediateFindingDetails = Static<typeof Details>;

/** With a ProductArn the finding is an ASFF one (Id + ProductArn); without, a v2 metadata.uid. */
export function findingRef(input: RemediateFindingInput): FindingRef {
  return input.productArn
    ? { kind: 'asff', id: input.findingId, productArn: input.productArn }
    : { kind: 'ocsf', metadataUid: input.findingId };
}

/**
 * Fixes what a Security Hub finding reports with the operation of this API that fixes it, run
 * through the same plan as the direct call (so dry run, refusals, locks, audit and undo are the
 * same), then writes the outcome back to the finding. The Security Hub calls are made in this
 * (security) account with the service's own role, not in the member account, so the member
 * policy gains nothing: the mapped operations declare what they call there.
 */
export const remediateFinding = defineWriteAction({
  name: 'remediateFinding',
  path: '/findings/remediate',
  summary: 'Fix what a Security Hub finding reports, and mark the finding',
  description:
    "Reads a Security Hub finding (findingId and productArn, or findingId alone for the metadata.uid of a Security Hub v2 finding) and runs the fix this API has for it: EC2.13, EC2.14, EC2.19, EC2.53 and EC2.54 close the ports they name on the security group; a GuardDuty finding about an IAM user revokes that user's credentials; an EC2 instance finding isolates the instance where that is offered. Then it marks the finding RESOLVED (NOTIFIED when it refused) with a note naming the remediation id and who asked. Use dryRun to preview: a preview changes nothing, the finding included. A finding already resolved answers already compliant.",
  input: Input,
  details: Details,
  controls: ['IR-03', 'NET-02', 'IAM-04'],
  // Member-account reads that decide which ports a control names; the mapped operations declare
  // the rest, and the Security Hub calls are made in this account, not the member's.
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  reversible: true,
  undo: undoRemediateFinding,
  target: (input) => ({
    accountId: 'unknown',
    resourceType: 'finding',
    resourceId: input.findingId,
  }),
  locate: loadOnFirstCall(() => import('./plan.js').then((m) => m.locateFinding)),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planRemediateFinding)),
});
