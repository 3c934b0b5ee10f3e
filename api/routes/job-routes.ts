import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import { type JobAction, methodOf, pathParameters } from '../actions/define.js';
import { requestOrigin } from '../audit/request-origin.js';
import { requireToken } from '../auth/authenticate.js';
import { scopeFor } from '../auth/authorize.js';
import { runJob } from '../pipeline/job-pipeline.js';
import type { ActionRouteDependencies } from './actions.js';
import { errorResponses } from './error-schema.js';

/**
 * The HTTP door of the registry's job operations: the path parameters of the action's input go
 * into the path, the rest into the query (GET) or the body (POST). Every job operation needs the
 * write scope, checked with the token (403) before the input is validated. Registered after the
 * audit routes so the OpenAPI document keeps its order: one-resource operations, audit, jobs.
 */
export async function jobRoutes(app: FastifyInstance, deps: ActionRouteDependencies) {
  const scope = scopeFor(deps.config, 'write');
  for (const action of deps.registry) {
    if (action.kind !== 'job') continue;
    const method = methodOf(action);
    const { params, rest } = split(action);
    app.route({
      method,
      url: action.path.replace(/\{(\w+)\}/g, ':$1'),
      onRequest: requireToken(deps.verifier, scope),
      schema: {
        tags: ['bulk'],
        security: [{ oauth2: [scope] }],
        'x-amzn-operation-type': action.effect === 'inspect' ? 'read' : 'write',
        operationId: action.name,
        summary: action.summary,
        description: action.description,
        ...(params ? { params } : {}),
        ...(method === 'GET' ? { querystring: rest } : { body: rest }),
        response: { 200: action.output, ...errorResponses },
      },
      handler: (request) => runJob(deps, jobRequest(action, request)),
    });
  }
}

/** The input's path parameters, and its other fields, each as a closed object. */
function split(action: JobAction): { params?: TObject; rest: TObject } {
  const inPath = pathParameters(action);
  const fields = Object.entries(action.input.properties);
  const closed = (entries: typeof fields) =>
    Type.Object(Object.fromEntries(entries), { additionalProperties: false });
  const params = fields.filter(([name]) => inPath.includes(name));
  return {
    ...(params.length ? { params: closed(params) } : {}),
    rest: closed(fields.filter(([name]) => !inPath.includes(name))),
  };
}

function jobRequest(action: JobAction, request: FastifyRequest) {
  if (!request.requester) throw new Error('route reached without an authenticated requester');
  const fields = methodOf(action) === 'GET' ? request.query : request.body;
  return {
    action,
    input: { ...objectOf(fields), ...objectOf(request.params) },
    requester: request.requester,
    origin: requestOrigin(request),
    log: request.log,
  };
}

/** Validated query, body and parameters are objects; a POST may come without a body. */
function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}
