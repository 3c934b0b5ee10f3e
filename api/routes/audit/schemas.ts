import { type TSchema, Type } from 'typebox';
import {
  OUTCOMES,
  outcomeSchema,
  RequesterSchema,
  StepSchema,
  TargetSchema,
} from '../../actions/outcome.js';
import { errorResponses } from '../error-schema.js';

const stringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** Write routes accept an optional Idempotency-Key; automations send one, chat assistants do not. */
export const idempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      pattern: '^[A-Za-z0-9._:-]+$',
      description:
        'A unique value per intended change (for example a UUID). Sending the same request again with the same key returns the first answer, marked replayed, instead of running again.',
      'x-error-message': 'must be 8 to 128 letters, digits or . _ : -, for example a UUID',
      'x-amzn-form-display-name': 'Idempotency key',
      // For automations; a person confirming a form has nothing to put here.
      'x-amzn-form-hide': true,
    }),
  ),
});

const ErrorBody = Type.Object({
  error: Type.String({ description: 'A short error code.' }),
  message: Type.String({ description: 'What went wrong and what to do about it.' }),
});

/** The answer of every write route: the action's outcome, possibly a replay. */
export function writeResponses(details: TSchema) {
  const outcome = outcomeSchema(details);
  return {
    200: Type.Object({
      ...outcome.properties,
      replayed: Type.Optional(
        Type.Boolean({
          description:
            'True when this is the recorded answer to an earlier request with the same Idempotency-Key; nothing ran again.',
        }),
      ),
    }),
    ...errorResponses,
    409: {
      ...ErrorBody,
      description: 'The first request with this Idempotency-Key is still running.',
    },
    422: { ...ErrorBody, description: 'This Idempotency-Key was used for a different request.' },
  };
}

const UNFINISHED_OUTCOMES = [...OUTCOMES, 'unfinished'] as const;

const recordedOutcome = stringEnum(
  UNFINISHED_OUTCOMES,
  'What happened; unfinished when no result was recorded (still running, or stopped).',
);

const policyControls = Type.Array(Type.String(), {
  description: 'Ids of the policy controls that justified the action, for example NET-02.',
});

/** One line per remediation in a list: enough for a chat answer, the rest is in getRemediation. */
export const RemediationSummarySchema = Type.Object({
  remediationId: Type.String({ description: 'Identifier of the remediation.' }),
  operation: Type.String({ description: 'The operation that was asked for.' }),
  outcome: recordedOutcome,
  summary: Type.String({ description: 'What happened, in a sentence or two.' }),
  requestedAt: Type.String({ description: 'When it was asked for (UTC).' }),
  requestedBy: RequesterSchema,
  ticket: Type.Optional(Type.String({ description: 'The ticket given with the request.' })),
  target: TargetSchema,
  policyControls,
  dryRun: Type.Boolean({ description: 'True for a preview that changed nothing.' }),
  undoOf: Type.Optional(Type.String({ description: 'For an undo: the remediation it reversed.' })),
});

const FreeObject = (description: string) =>
  Type.Object({}, { additionalProperties: true, description });

export const RemediationSchema = Type.Object({
  ...RemediationSummarySchema.properties,
  requestedBy: Type.Object({
    ...RequesterSchema.properties,
    groups: Type.Array(Type.String(), { description: 'The groups of the person when they asked.' }),
  }),
  reason: Type.Optional(Type.String({ description: 'The reason given with the request.' })),
  sourceIp: Type.String({ description: 'The address the request came from.' }),
  requestId: Type.String({ description: 'The request id of the service, as in its log.' }),
  gatewayRequestId: Type.Optional(
    Type.String({ description: 'The request id API Gateway gave it.' }),
  ),
  completedAt: Type.Optional(Type.String({ description: 'When the result was recorded (UTC).' })),
  input: FreeObject('The request exactly as received.'),
  plan: Type.Optional(
    Type.Object(
      {
        planId: Type.String({ description: 'The plan this run carried out.' }),
        offeredBy: Type.String({ description: 'The remediation (a dry run) that offered it.' }),
      },
      { description: 'For a run confirmed by a plan: which plan, from which dry run.' },
    ),
  ),
  offeredPlanId: Type.Optional(
    Type.String({ description: 'The plan this remediation offered (a dry run).' }),
  ),
  steps: Type.Array(StepSchema, { description: 'Each AWS change, in order, with its result.' }),
  details: Type.Optional(FreeObject('The own record of the action, e.g. the rules it removed.')),
  undo: Type.Object({
    available: Type.Boolean({ description: 'Whether undoRemediation can reverse it.' }),
    description: Type.String({ description: 'What undo restores, and what it cannot.' }),
    undoneBy: Type.Optional(Type.String({ description: 'The undo remediation that reversed it.' })),
  }),
  auditEntries: Type.Array(
    Type.Object({
      chain: Type.String({
        description: "The hash chain holding it: trail#<account>#<Region>, or #global for IAM's.",
      }),
      seq: Type.Integer({ description: 'Position in that chain.' }),
      recordType: Type.String({ description: 'intent (before running) or completion (after).' }),
      recordedAt: Type.String({ description: 'When the entry was written (UTC).' }),
    }),
    { description: 'The audit trail entries holding this remediation.' },
  ),
});

/** Every audit answer opens with one sentence, including a refusal for a person not allowed. */
const summary = Type.String({ description: 'The answer in one or two sentences.' });
const refused = Type.Optional(
  Type.Boolean({ description: 'True when the requester may not read the audit trail.' }),
);

export const GetRemediationResponse = Type.Object({
  summary,
  refused,
  remediation: Type.Optional(RemediationSchema),
});

export const ListRemediationsResponse = Type.Object({
  summary,
  refused,
  remediations: Type.Array(RemediationSummarySchema, { description: 'Newest first.' }),
  nextToken: Type.Optional(
    Type.String({ description: 'Pass it back, with the same filters, for the next page.' }),
  ),
});

const chainHead = Type.Object({
  seq: Type.Integer({ description: 'Sequence number of the newest entry.' }),
  hash: Type.String({ description: 'Its hash; note it to detect a later rewrite.' }),
});

export const VerifyAuditTrailResponse = Type.Object({
  summary,
  refused,
  intact: Type.Optional(Type.Boolean({ description: 'True when no entry is altered or missing.' })),
  checked: Type.Optional(Type.Integer({ description: 'Remediation entries checked.' })),
  chains: Type.Optional(
    Type.Array(
      Type.Object({
        chain: Type.String({
          description:
            "The chain: trail#<account>#<Region> (#global for IAM) for a place's records, trail#other for requests refused before reaching one, trail-index for the index of chains, trail for records written before the trail was split.",
        }),
        accountId: Type.Optional(
          Type.String({ description: 'The account whose records it holds.' }),
        ),
        checked: Type.Integer({ description: 'Entries checked in this chain.' }),
        intact: Type.Boolean({
          description: 'False when this chain has a problem; its head is then the last good entry.',
        }),
        head: Type.Optional(chainHead),
      }),
      { description: 'Each chain checked, the index first.' },
    ),
  ),
  chainsWithProblems: Type.Optional(
    Type.Integer({ description: 'How many chains have a problem; each reports its first.' }),
  ),
  firstProblem: Type.Optional(
    Type.Object({
      kind: stringEnum(['altered', 'missing', 'relinked', 'unindexed'] as const, 'What is wrong.'),
      chain: Type.String({ description: 'The chain it is in.' }),
      accountId: Type.Optional(Type.String({ description: 'The account of that chain.' })),
      seq: Type.Integer({ description: 'Sequence number of the first bad or missing entry.' }),
      remediationId: Type.Optional(Type.String({ description: 'The remediation it belongs to.' })),
      recordType: Type.Optional(Type.String({ description: 'intent or completion.' })),
      message: Type.String({ description: 'The problem in words.' }),
    }),
  ),
});

export const auditErrorResponses = errorResponses;
