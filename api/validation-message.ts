import type { FastifySchemaValidationError } from 'fastify';

/** What ajv reports per problem when `verbose` is on: the failing schema comes with it. */
type Issue = FastifySchemaValidationError & { parentSchema?: Record<string, unknown> };

const WHERE: Record<string, string> = {
  body: 'the request body',
  querystring: 'the query string',
  params: 'the path',
  headers: 'the headers',
};

/**
 * A 400's message: every invalid field once, in words a person can act on. A field's words come
 * from its schema's `x-error-message` ("accountId must be 12 digits"), never from the regular
 * expression behind it; ajv's own wording is the fallback for a field that declares none.
 */
export function validationMessage(issues: readonly Issue[], context = 'body'): string {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const [field, problem] = describe(issue, WHERE[context] ?? `the ${context}`);
    if (!byField.has(field)) byField.set(field, problem);
  }
  return `Invalid request: ${[...byField.values()].join('; ')}.`;
}

function describe(issue: Issue, where: string): [field: string, problem: string] {
  const params = issue.params as { missingProperty?: string; additionalProperty?: string };
  if (issue.keyword === 'required' && params.missingProperty) {
    return [params.missingProperty, `${params.missingProperty} is required`];
  }
  if (issue.keyword === 'additionalProperties' && params.additionalProperty) {
    const extra = params.additionalProperty;
    return [extra, `${where} has an unknown field "${extra}"`];
  }
  const field = issue.instancePath.slice(1).replaceAll('/', '.');
  if (!field) return ['', `${where} must be a JSON object`];
  const words = issue.parentSchema?.['x-error-message'];
  return [field, `${field} ${typeof words === 'string' ? words : issue.message}`];
}
