import type { FastifySchema } from 'fastify';

type Responses = Record<string, Record<string, unknown>>;

/** What a 200 means, by method: every GET inspects, every POST is a write with an outcome. */
const ANSWER: Record<string, string> = {
  GET: 'What was found, with a summary in words to show the person.',
  POST: 'The outcome, also when nothing changed: planned (dry run), remediated, already compliant, refused, partially remediated or failed, with a summary in words to show the person.',
};

/**
 * @fastify/swagger's transform: a 2XX answer whose schema says nothing would read "Default
 * Response" in the document and in Swagger UI. Derived here once, so a route added later is
 * described too. The route's own schema is left as it is; only the document's copy changes.
 */
export function describeAnswers({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route: { method: string | string[] };
}) {
  const responses = schema?.response as Responses | undefined;
  const method = Array.isArray(route.method) ? route.method[0] : route.method;
  const words = method ? ANSWER[method] : undefined;
  if (!responses || !words) return { schema, url };
  const described = Object.fromEntries(
    Object.entries(responses).map(([status, response]) =>
      status.startsWith('2') && !response.description && !response['x-response-description']
        ? [status, { ...response, 'x-response-description': words }]
        : [status, response],
    ),
  );
  return { schema: { ...schema, response: described }, url };
}
