import { type TSchema, Type } from 'typebox';

const stringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const OUTCOMES = [
  'planned',
  'remediated',
  'already_compliant',
  'refused',
  'partially_remediated',
  'failed',
] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

/**
 * Why the same request, sent again later, may succeed where this one did not: another request
 * held the resource, its lock could not be checked, AWS throttled, the run stopped itself at its
 * time limit or lost its lock, or the audit trail or the organisation's account list could not
 * be read. Automations (a bulk job's lanes) decide on it.
 */
export const RETRY_REASONS = [
  'in_progress',
  'lock_unavailable',
  'throttled',
  'interrupted',
  'audit_unavailable',
  'allow_list_unavailable',
] as const;
export type RetryReason = (typeof RETRY_REASONS)[number];

export const STEP_STATUSES = ['planned', 'done', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const PolicyReferenceSchema = Type.Object({
  id: Type.String({ description: 'Stable id of the policy control, for example NET-02.' }),
  title: Type.String({ description: 'Title of the policy control.' }),
  url: Type.String({ description: 'Where the control is published.' }),
});

export const TargetSchema = Type.Object({
  accountId: Type.String({ description: 'AWS account acted in.' }),
  region: Type.Optional(Type.String({ description: 'AWS Region, for regional resources.' })),
  resourceType: Type.String({ description: 'Kind of resource, for example security group.' }),
  resourceId: Type.String({ description: 'The resource identifier.' }),
});

export const RequesterSchema = Type.Object({
  kind: stringEnum(['user', 'machine'] as const, 'A signed-in person or an automation client.'),
  name: Type.String({ description: 'Username, or client id for automation.' }),
  clientId: Type.String({ description: 'The OAuth client the token was issued to.' }),
});

export const StepSchema = Type.Object({
  number: Type.Integer({ description: 'Position of the step, from 1.' }),
  action: Type.String({ description: 'The AWS API call the step makes.' }),
  description: Type.String({ description: 'What the step does.' }),
  status: stringEnum(STEP_STATUSES, 'What happened to the step.'),
  error: Type.Optional(Type.String({ description: 'Why the step failed.' })),
});

/** The 2XX body of every write operation; `details` is the action's own record. */
export function outcomeSchema(details: TSchema) {
  return Type.Object({
    remediationId: Type.String({ description: 'Identifier of this remediation request.' }),
    operation: Type.String({ description: 'The operation that ran.' }),
    outcome: stringEnum(OUTCOMES, 'What happened, in one word.'),
    summary: Type.String({ description: 'One or two sentences for a non-technical reader.' }),
    dryRun: Type.Boolean({ description: 'True when nothing was changed on purpose.' }),
    target: TargetSchema,
    requestedBy: RequesterSchema,
    ticket: Type.Optional(Type.String({ description: 'The ticket given with the request.' })),
    reason: Type.Optional(Type.String({ description: 'The reason given with the request.' })),
    policyReferences: Type.Array(PolicyReferenceSchema, {
      description: 'Policy controls that justify the action.',
    }),
    steps: Type.Array(StepSchema, { description: 'Each AWS change, in order.' }),
    details: Type.Optional(details),
    planId: Type.Optional(
      Type.String({
        description:
          'The id of the plan shown in steps. To carry it out, send the same request with dryRun false and this planId; it runs only if AWS still calls for the same steps.',
      }),
    ),
    retryable: Type.Optional(
      stringEnum(
        RETRY_REASONS,
        'Set when this refused or failed request may succeed if sent again later, and why: in_progress (another remediation is changing the resource), lock_unavailable, throttled (AWS limited the request rate), interrupted (the run stopped itself before its last steps: its time limit, or its lock lost), audit_unavailable, allow_list_unavailable.',
      ),
    ),
  });
}
