import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Action, ActionContext, ReadAction, WriteAction } from '../actions/action.js';
import { PolicyReferenceSchema } from '../actions/outcome.js';
import type { WriteInput } from '../actions/run-write.js';
import type { AuditStore } from '../audit/audit-store.js';
import { type AuditedOutcome, recordRejectedAttempt, runAudited } from '../audit/audited-write.js';
import { requestOrigin } from '../audit/request-origin.js';
import { requireToken } from '../auth/authenticate.js';
import { accessLevelOf, groupRefusal, scopeFor } from '../auth/authorize.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AwsClientFactory } from '../aws/clients.js';
import type { Config } from '../config.js';
import { MissingScopeError, TargetNotAllowedError } from '../errors.js';
import type { PolicyCatalog } from '../policy/catalog.js';
import { idempotencyHeaders, writeResponses } from './audit/schemas.js';
import { errorResponses } from './error-schema.js';

export interface ActionRouteDependencies {
  config: Config;
  verifier: TokenVerifier;
  aws: AwsClientFactory;
  policy: PolicyCatalog;
  registry: readonly Action[];
  audit: AuditStore;
}

/** One route per registry entry: GET with query parameters to inspect, POST with a body to change. */
export async function actionRoutes(app: FastifyInstance, deps: ActionRouteDependencies) {
  for (const action of deps.registry) {
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
        // onRequest: the token is checked before the body is even parsed or validated.
        onRequest: requireToken(deps.verifier, scope),
        schema: { ...common, querystring: action.input, response: readResponses(action) },
        handler: (request) => runRead(deps, action, request),
      });
    } else {
      app.post(action.path, {
        ...requireWriteToken(deps, scope, () => action),
        schema: {
          ...common,
          body: action.input,
          headers: idempotencyHeaders,
          response: writeResponses(action.details),
        },
        handler: (request) => runWriteRequest(deps, action, request),
      });
    }
  }
}

function readResponses(action: ReadAction) {
  const withReferences = Type.Object({
    ...action.output.properties,
    policyReferences: Type.Array(PolicyReferenceSchema, {
      description: 'Policy controls this answer relates to.',
    }),
  });
  return { 200: withReferences, ...errorResponses };
}

export function contextFor(
  deps: Pick<ActionRouteDependencies, 'config' | 'aws'>,
  request: FastifyRequest,
): ActionContext {
  const requester = request.requester;
  if (!requester) throw new Error('route reached without an authenticated requester');
  return {
    config: deps.config,
    aws: deps.aws.forRequester(requester),
    requester,
    log: request.log,
    now: () => new Date(),
  };
}

/** Accounts and regions outside the configured lists are refused before any AWS call. */
export function assertTargetAllowed(
  config: Config,
  target: { accountId: string; region?: string },
) {
  if (!config.allowedAccounts.includes(target.accountId)) {
    throw new TargetNotAllowedError(
      `Account ${target.accountId} is not one this API may act in. Allowed accounts: ${config.allowedAccounts.join(', ')}.`,
    );
  }
  if (target.region && !config.allowedRegions.includes(target.region)) {
    throw new TargetNotAllowedError(
      `Region ${target.region} is not one this API may act in. Allowed regions: ${config.allowedRegions.join(', ')}.`,
    );
  }
}

async function runRead(deps: ActionRouteDependencies, action: ReadAction, request: FastifyRequest) {
  const input = request.query as never;
  assertTargetAllowed(deps.config, action.target(input));
  const result = await action.run(contextFor(deps, request), input);
  return { ...result, policyReferences: references(deps, action) };
}

/**
 * Records the intent before the first AWS call and the result after it; refused attempts
 * (no group, account or region not allowed) are recorded as well.
 */
async function runWriteRequest(
  deps: ActionRouteDependencies,
  action: WriteAction,
  request: FastifyRequest,
): Promise<AuditedOutcome> {
  const write = writeRequest(deps, action, request);
  try {
    assertTargetAllowed(deps.config, action.target(write.input as never));
  } catch (error) {
    if (error instanceof TargetNotAllowedError) {
      await recordRejectedAttempt(deps, write, error.message);
    }
    throw error;
  }
  const refusal = groupRefusal(deps.config, action, write.context.requester);
  return runAudited(deps, { ...write, ...(refusal ? { refusal } : {}) });
}

/** What the audited write path needs from a request, with a fresh remediation id. */
export function writeRequest(
  deps: Pick<ActionRouteDependencies, 'config' | 'aws' | 'policy'>,
  action: WriteAction,
  request: FastifyRequest,
) {
  const key = request.headers['idempotency-key'];
  return {
    action,
    input: request.body as WriteInput & Record<string, unknown>,
    context: contextFor(deps, request),
    meta: { remediationId: randomUUID(), policyReferences: references(deps, action) },
    origin: requestOrigin(request),
    ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
  };
}

const refusedScopes = new WeakMap<FastifyRequest, MissingScopeError>();

/**
 * The token check of write routes. A signed-in caller whose token lacks the write scope is an
 * unauthorized write attempt, which belongs in the audit trail with what it asked for: the body is
 * parsed for it (the caller is authenticated), recorded, and the 403 goes out before validation.
 */
export function requireWriteToken(
  deps: ActionRouteDependencies,
  scope: string,
  actionFor: (request: FastifyRequest) => WriteAction,
) {
  const check = requireToken(deps.verifier, scope);
  return {
    onRequest: async (request: FastifyRequest): Promise<void> => {
      try {
        await check(request);
      } catch (error) {
        if (!(error instanceof MissingScopeError)) throw error;
        refusedScopes.set(request, error);
      }
    },
    preValidation: async (request: FastifyRequest): Promise<void> => {
      const refused = refusedScopes.get(request);
      if (!refused) return;
      const body = request.body;
      const input = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
      const write = writeRequest(deps, actionFor(request), Object.assign(request, { body: input }));
      await recordRejectedAttempt(deps, write, refused.message);
      throw refused;
    },
  };
}

export function references(deps: Pick<ActionRouteDependencies, 'policy'>, action: Action) {
  return action.controls.map((id) => deps.policy.reference(id));
}
