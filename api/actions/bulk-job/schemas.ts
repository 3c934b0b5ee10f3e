import { type Static, Type } from 'typebox';
import { reason, ticket } from '../fields.js';
import { OUTCOMES } from '../outcome.js';

const stringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** The shapes of the bulk job operations' requests and answers, shared by their four folders. */

export const jobId = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'The job id, as startBulkRemediation answered it.',
  examples: ['0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f'],
  'x-error-message': 'must be a job id (a UUID), as startBulkRemediation answered it',
  'x-amzn-form-display-name': 'Job',
});

const TARGET_STATUSES = ['pending', 'running', 'done', 'refused', 'failed', 'cancelled'] as const;
const JOB_STATUSES = ['running', 'cancelling', 'cancelled', 'finished'] as const;

export const StartBody = Type.Object(
  {
    operation: Type.Unsafe<'closeSecurityGroupPort'>({
      type: 'string',
      enum: ['closeSecurityGroupPort'],
      default: 'closeSecurityGroupPort',
      description: 'The remediation each target gets. Today: closeSecurityGroupPort.',
      examples: ['closeSecurityGroupPort'],
      'x-amzn-form-display-name': 'Remediation',
    }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 22,
      description: 'The port to close on every selected group, default 22 (SSH).',
      examples: [22],
      'x-error-message': 'must be a whole number from 0 to 65535, for example 22 for SSH',
      'x-amzn-form-display-name': 'Port',
    }),
    // Lists are comma-separated text: the chat assistants reject array fields.
    accounts: Type.Optional(
      Type.String({
        pattern: '^\\d{12}(,\\d{12})*$',
        maxLength: 6500,
        description:
          'Close the port on every group findExposedResources lists in these accounts, comma separated (for example 222222222222,333333333333). Leave out for every account this API may act in.',
        examples: ['222222222222'],
        'x-error-message': 'must be 12-digit account ids separated by commas',
        'x-amzn-form-display-name': 'AWS accounts',
      }),
    ),
    regions: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2}(-[a-z]+)+-\\d(,[a-z]{2}(-[a-z]+)+-\\d)*$',
        maxLength: 500,
        description:
          'Only in these Regions, comma separated (for example us-east-1,eu-west-1). Leave out for every Region this API acts in.',
        examples: ['us-east-1'],
        'x-error-message':
          'must be Region codes separated by commas, for example us-east-1,eu-west-1',
        'x-amzn-form-display-name': 'Regions',
      }),
    ),
    groups: Type.Optional(
      Type.String({
        pattern:
          '^\\d{12}/[a-z]{2}(-[a-z]+)+-\\d/sg-[0-9a-f]{8,17}(,\\d{12}/[a-z]{2}(-[a-z]+)+-\\d/sg-[0-9a-f]{8,17})*$',
        maxLength: 60000,
        description:
          'Instead of a scan: exactly these security groups, as account/Region/group, comma separated (for automations that chose them; up to about 1,300). accounts and regions are then ignored.',
        'x-error-message':
          'must be account/Region/group entries separated by commas, for example 222222222222/us-east-1/sg-0a1b2c3d4e5f60001',
        examples: ['222222222222/us-east-1/sg-0a1b2c3d4e5f60001'],
        'x-amzn-form-display-name': 'Security groups (account/Region/group)',
      }),
    ),
    dryRun: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'When true, plan every target and report per target what would change, changing nothing.',
        // A preview is the safe thing to pre-fill for a change across many accounts.
        examples: [true],
        'x-amzn-form-display-name': 'Preview only (dry run)',
      }),
    ),
    ticket: Type.Optional(ticket),
    reason: Type.Optional(reason),
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object(
  { reason: Type.Optional(reason) },
  { additionalProperties: false },
);

export const UndoBody = Type.Object(
  {
    dryRun: StartBody.properties.dryRun,
    ticket: Type.Optional(ticket),
    reason: Type.Optional(reason),
  },
  { additionalProperties: false },
);

export const GetQuery = Type.Object(
  {
    status: Type.Optional(stringEnum(TARGET_STATUSES, 'List only the targets in this state.')),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 50,
        description: 'Most targets listed in one answer (1 to 1000, default 50).',
        'x-error-message': 'must be a whole number from 1 to 1000',
      }),
    ),
    nextToken: Type.Optional(
      Type.String({
        pattern: '^\\d{1,6}$',
        description: 'The nextToken of the previous answer, for the next targets.',
        'x-error-message': 'must be the nextToken a previous answer gave',
      }),
    ),
  },
  { additionalProperties: false },
);

const text = (description: string) => Type.String({ description });
const count = (description: string) => Type.Integer({ description });

export const StartResponse = Type.Object({
  outcome: stringEnum(['started', 'refused'], 'started: the job runs; refused: see the summary.'),
  summary: text('What was started, or why nothing was, in plain words.'),
  jobId: Type.Optional(text('The job id, for getBulkRemediation and cancelBulkRemediation.')),
  targetCount: count('Targets in the job: one remediation each.'),
  dryRun: Type.Boolean({ description: 'True for a preview that changes nothing.' }),
  notes: Type.Array(Type.String(), {
    description: 'What the reader should know, for example accounts that could not be read.',
  }),
});

export const JobResponse = Type.Object({
  outcome: stringEnum(
    ['answered', 'refused'],
    'answered: the job below; refused: see the summary.',
  ),
  summary: text('Where the job stands, in a sentence.'),
  jobId: Type.Optional(text('The job id.')),
  operation: Type.Optional(text('The remediation each target runs.')),
  status: Type.Optional(stringEnum(JOB_STATUSES, 'running, cancelling, cancelled or finished.')),
  dryRun: Type.Optional(Type.Boolean({ description: 'True for a preview.' })),
  selection: Type.Optional(text('What the job was asked to cover.')),
  undoOf: Type.Optional(text('For an undo: the job it reverses.')),
  ticket: Type.Optional(text('The ticket it runs under.')),
  requestedBy: Type.Optional(text('Who started it.')),
  createdAt: Type.Optional(text('When it started.')),
  finishedAt: Type.Optional(text('When it ended.')),
  targetCount: Type.Optional(count('Targets in the job.')),
  done: Type.Optional(count('Targets that ended as planned, remediated or already compliant.')),
  refused: Type.Optional(count('Targets the pipeline refused (for example protected groups).')),
  failed: Type.Optional(count('Targets that failed or were only partly remediated.')),
  cancelled: Type.Optional(count('Targets not run because the job was cancelled.')),
  remaining: Type.Optional(count('Targets not finished yet.')),
  outcomes: Type.Optional(
    Type.Record(Type.String(), Type.Integer(), {
      description: 'How many targets ended with each outcome.',
    }),
  ),
  targets: Type.Optional(
    Type.Array(
      Type.Object({
        index: count('Position in the job.'),
        accountId: text('The AWS account.'),
        region: text('The AWS Region.'),
        resourceId: text('The resource (security group id).'),
        status: stringEnum(TARGET_STATUSES, 'Where this target stands.'),
        outcome: Type.Optional(stringEnum(OUTCOMES, 'The outcome of its remediation.')),
        summary: Type.Optional(text('What happened, in a sentence.')),
        remediationId: Type.Optional(
          text(
            'Its remediation id: getRemediation shows the audit record, undoRemediation reverses it.',
          ),
        ),
      }),
      { description: 'The targets, in job order (a page of them).' },
    ),
  ),
  nextToken: Type.Optional(text('Send it back for the next targets.')),
});

export const CancelResponse = Type.Object({
  outcome: stringEnum(['cancelling', 'refused'], 'cancelling: nothing more starts.'),
  summary: text('What happens now, in plain words.'),
});

/** A start (or undo) that did not start anything: the same shape as a started one, with why. */
export function refusedStart(
  input: { dryRun?: boolean },
  summary: string,
): Static<typeof StartResponse> {
  return { outcome: 'refused', summary, targetCount: 0, dryRun: input.dryRun === true, notes: [] };
}

/** getBulkRemediation: the job in the path, which targets in the query. */
export const GetInput = Type.Object(
  { jobId, ...GetQuery.properties },
  { additionalProperties: false },
);

/** cancelBulkRemediation: the job in the path, the reason in the body. */
export const CancelInput = Type.Object(
  { jobId, ...CancelBody.properties },
  { additionalProperties: false },
);

/** undoBulkRemediation: the job in the path, dry run, ticket and reason in the body. */
export const UndoInput = Type.Object(
  { jobId, ...UndoBody.properties },
  { additionalProperties: false },
);

/** The answer of a job operation that did not run: the reason only. */
export const refusedOnly = (_input: unknown, summary: string) =>
  ({ outcome: 'refused', summary }) as const;
