import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Action, ReadAction, WriteAction } from '../actions/define.js';
import { PolicyReferenceSchema } from '../actions/outcome.js';
import type { AuditStore } from '../audit/audit-store.js';
import { requestOrigin } from '../audit/request-origin.js';
import { requireToken } from '../auth/authenticate.js';
import { accessLevelOf, scopeFor } from '../auth/authorize.js';
import type { Requester } from '../auth/requester.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AwsClientFactory } from '../aws/clients.js';
import type { BulkService } from '../bulk/bulk-service.js';
import type { Config } from '../config.js';
import { MissingScopeError } from '../errors.js';
import { runRead } from '../pipeline/read-pipeline.js';
import { runWrite } from '../pipeline/write-pipeline.js';
import type { PolicyCatalog } from '../policy/catalog.js';
import { idempotencyHeaders, writeResponses } from './audit/schemas.js';
import { errorResponses } from './error-schema.js';
import { withRequestExample } from './request-example.js';

export interface ActionRouteDependencies {
  config: Config;
  verifier: TokenVerifier;
  aws: AwsClientFactory;
  policy: PolicyCatalog;
  registry: readonly Action[];
  audit: AuditStore;
  /** The jobs service the job operations run on (api/routes/job-routes.ts). */
  bulk?: BulkService;
}

/**
 * The HTTP door: one route per one-resource registry entry, GET with query parameters to inspect, POST with a
 * body to change. It only translates; the pipelines (api/pipeline/) decide.
 */
export async function actionRoutes(app: FastifyInstance, deps: ActionRouteDependencies) {
  for (const action of deps.registry) {
    // Job operations have their own door (job-routes.ts): they act on a job, not a resource.
    if (action.kind === 'job') continue;
    const scope = scopeFor(deps.config, accessLevelOf(action));
    const common = {
      operationId: action.name,
      summary: action.summary,
      description: action.description,
      tags: [action.kind === 'read' ? 'inspect' : 'remediate'],
      security: [{ oauth2: [scope] }],
      'x-amzn-operation-type': action.kind,
    };
    if (action.kind === 'read') {
      app.get(action.path, {
        // onRequest: the token is checked before the query is even validated.
        onRequest: requireToken(deps.verifier, scope),
        schema: { ...common, querystring: action.input, response: readResponses(action) },
        handler: (request) =>
          runRead(deps, {
            action,
            input: objectOf(request.query),
            requester: requesterOf(request),
            log: request.log,
          }),
      });
    } else {
      app.post(action.path, {
        ...writeTokenHooks(deps, scope, action),
        schema: {
          ...common,
          body: withRequestExample(action.input),
          headers: idempotencyHeaders,
          response: writeResponses(action.details),
        },
        handler: (request) => runWrite(deps, writeRequest(deps, action, request, request.body)),
      });
    }
  }
}

/** A read's answer: the action's output when it could answer, and always an outcome and summary. */
export function readResponses(action: ReadAction) {
  const { summary: _summary, ...fields } = action.output.properties;
  return {
    200: Type.Object({
      outcome: Type.Unsafe<'answered' | 'refused' | 'failed'>({
        type: 'string',
        enum: ['answered', 'refused', 'failed'],
        description:
          'answered: the fields below hold the answer; refused: this API may not look there; failed: AWS did not answer. The summary says which, in words.',
      }),
      summary: Type.String({ description: 'The answer, or why there is none, in plain words.' }),
      ...Type.Partial(Type.Object(fields)).properties,
      policyReferences: Type.Array(PolicyReferenceSchema, {
        description: 'Policy controls this answer relates to.',
      }),
    }),
    ...errorResponses,
  };
}

function writeRequest(
  deps: ActionRouteDependencies,
  action: WriteAction,
  request: FastifyRequest,
  body: unknown,
) {
  const key = request.headers['idempotency-key'];
  const input = objectOf(body);
  return {
    action,
    input,
    ...(typeof input.planId === 'string' ? { planId: input.planId } : {}),
    requirePlan: deps.config.planRequiredDoors.includes('http'),
    requester: requesterOf(request),
    origin: requestOrigin(request),
    log: request.log,
    ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
  };
}

const missingScope = new WeakSet<FastifyRequest>();

/**
 * A signed-in caller whose token lacks the write scope is an unauthorized write attempt, which
 * belongs in the audit trail with what it asked for: the token is verified first, then the
 * pipeline gets the unvalidated body, records the attempt and refuses it (403) before validation.
 */
function writeTokenHooks(deps: ActionRouteDependencies, scope: string, action: WriteAction) {
  const check = requireToken(deps.verifier, scope);
  return {
    onRequest: async (request: FastifyRequest): Promise<void> => {
      try {
        await check(request);
      } catch (error) {
        if (!(error instanceof MissingScopeError)) throw error;
        missingScope.add(request);
      }
    },
    preValidation: async (request: FastifyRequest): Promise<void> => {
      if (!missingScope.has(request)) return;
      await runWrite(deps, writeRequest(deps, action, request, request.body));
    },
  };
}

function requesterOf(request: FastifyRequest): Requester {
  if (!request.requester) throw new Error('route reached without an authenticated requester');
  return request.requester;
}

/** Bodies and queries are objects once validated; an unvalidated body may be anything. */
function objectOf(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return { ...value };
  return value === undefined ? {} : { body: value };
}
