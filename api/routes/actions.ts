import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Action, ActionContext, ReadAction, WriteAction } from '../actions/action.js';
import { outcomeSchema, PolicyReferenceSchema } from '../actions/outcome.js';
import { type Outcome, outcomeFrame, runWrite, type WriteInput } from '../actions/run-write.js';
import { requireToken } from '../auth/authenticate.js';
import { accessLevelOf, groupRefusal, scopeFor } from '../auth/authorize.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AwsClientFactory } from '../aws/clients.js';
import type { Config } from '../config.js';
import { TargetNotAllowedError } from '../errors.js';
import type { PolicyCatalog } from '../policy/catalog.js';
import { errorResponses } from './error-schema.js';

export interface ActionRouteDependencies {
  config: Config;
  verifier: TokenVerifier;
  aws: AwsClientFactory;
  policy: PolicyCatalog;
  registry: readonly Action[];
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
    // onRequest: the token is checked before the body is even parsed or validated.
    const onRequest = requireToken(deps.verifier, scope);
    if (action.kind === 'read') {
      app.get(action.path, {
        onRequest,
        schema: { ...common, querystring: action.input, response: readResponses(action) },
        handler: (request) => runRead(deps, action, request),
      });
    } else {
      app.post(action.path, {
        onRequest,
        schema: {
          ...common,
          body: action.input,
          response: { 200: outcomeSchema(action.details), ...errorResponses },
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

function contextFor(deps: ActionRouteDependencies, request: FastifyRequest): ActionContext {
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
function assertTargetAllowed(config: Config, target: { accountId: string; region?: string }) {
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

async function runWriteRequest(
  deps: ActionRouteDependencies,
  action: WriteAction,
  request: FastifyRequest,
): Promise<Outcome> {
  const input = request.body as never as WriteInput;
  assertTargetAllowed(deps.config, action.target(input as never));
  const context = contextFor(deps, request);
  const meta = { remediationId: randomUUID(), policyReferences: references(deps, action) };
  const refusal = groupRefusal(deps.config, action, context.requester);
  if (refusal) {
    return {
      ...outcomeFrame(action, context, input as never, meta),
      outcome: 'refused',
      summary: refusal,
      steps: [],
    };
  }
  return runWrite(action, context, input as never, meta);
}

function references(deps: ActionRouteDependencies, action: Action) {
  return action.controls.map((id) => deps.policy.reference(id));
}
