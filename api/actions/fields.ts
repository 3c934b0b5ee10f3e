import { Type } from 'typebox';

/**
 * Input fields shared by actions. Each carries the form label the chat shows
 * (`x-amzn-form-display-name`), a description the assistant reads to fill it, an example Swagger
 * UI pre-fills (from the sandbox's seed, so "Try it out" works as it stands) and, for a value
 * that can be malformed, what a 400 says about it (`x-error-message`) instead of a pattern.
 */
export const accountId = Type.String({
  pattern: '^\\d{12}$',
  description: 'The 12-digit AWS account id the resource lives in, for example 222222222222.',
  examples: ['222222222222'],
  'x-error-message': 'must be 12 digits, for example 222222222222',
  'x-amzn-form-display-name': 'AWS account',
});

export const region = Type.String({
  pattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
  description: 'The AWS Region of the resource, for example us-east-1.',
  examples: ['us-east-1'],
  'x-error-message': 'must be an AWS Region code such as us-east-1',
  'x-amzn-form-display-name': 'Region',
});

export const dryRun = Type.Boolean({
  default: false,
  description:
    'When true, only report the steps that would be taken and change nothing. Use it to preview a change.',
  examples: [false],
  'x-error-message': 'must be true or false',
  'x-amzn-form-display-name': 'Preview only (dry run)',
});

export const ticket = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:#/-]*$',
  description: 'The incident or change ticket this action belongs to, for example SEC-101.',
  examples: ['SEC-101'],
  'x-error-message':
    'must be up to 64 letters, digits or . _ : # / -, starting with a letter or digit, for example SEC-101',
  'x-amzn-form-display-name': 'Ticket',
});

export const reason = Type.String({
  minLength: 3,
  maxLength: 500,
  description:
    'Why this action is needed, in a sentence. Required unless dryRun is true; it is recorded with the action.',
  examples: ['Incident SEC-101: contain what the attacker opened'],
  'x-error-message': 'must be a sentence of 3 to 500 characters',
  'x-amzn-form-display-name': 'Reason',
});

export const planId = Type.String({
  pattern: '^plan-[0-9a-f]{64}$',
  description:
    'The planId a dry run of this same request answered. With it, the change runs only if AWS still calls for exactly the steps that dry run showed; otherwise nothing runs and the answer shows the new plan and its planId.',
  'x-error-message': 'must be the planId a dry run answered (plan- followed by 64 hex digits)',
  'x-amzn-form-display-name': 'Plan id (from the preview)',
});

/** The fields every write action takes besides its own. */
export const writeFields = {
  dryRun: Type.Optional(dryRun),
  ticket: Type.Optional(ticket),
  reason: Type.Optional(reason),
  planId: Type.Optional(planId),
};
