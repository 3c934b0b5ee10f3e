import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Action, methodOf } from '../actions/define.js';
import { registry as defaultRegistry } from '../actions/registry.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import { accessLevelOf, scopeFor } from '../auth/authorize.js';
import type { Requester } from '../auth/requester.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { AwsClientFactory } from '../aws/clients.js';
import { BulkService } from '../bulk/bulk-service.js';
import type { BulkEngineFactory } from '../bulk/engine.js';
import type { Config } from '../config.js';
import { AuthenticationError, MissingScopeError, RemediationApiError } from '../errors.js';
import { runJob } from '../pipeline/job-pipeline.js';
import { runRead } from '../pipeline/read-pipeline.js';
import { recordRefusedWrite, runWrite } from '../pipeline/write-pipeline.js';
import { PolicyCatalog } from '../policy/catalog.js';
import { answerBody, bedrockResponse, MAX_BODY_BYTES } from './answer.js';
import {
  ACCESS_TOKEN_ATTRIBUTE,
  type BedrockActionGroupEvent,
  type BedrockActionGroupResponse,
} from './event.js';
import { assertValid, inputOf } from './input.js';
import { silentLogger } from './silent-logger.js';

/** What the door needs: the same dependencies buildApp takes. */
export interface BedrockDependencies {
  config: Config;
  verifier: TokenVerifier;
  aws: AwsClientFactory;
  audit: AuditStore;
  policy?: PolicyCatalog;
  registry?: readonly Action[];
  /** Each invocation logs through a child of this; silent by default. */
  log?: FastifyBaseLogger;
  /** The body's size cap; Bedrock's by default. */
  maxBodyBytes?: number;
  /** What bulk jobs run on: the local runner in tests; unset, Step Functions (BULK_STATE_MACHINE_ARN). */
  bulkEngine?: BulkEngineFactory;
}

export type BedrockHandler = (
  event: BedrockActionGroupEvent,
) => Promise<BedrockActionGroupResponse>;

/**
 * The Bedrock Agents door: one action-group invocation in, Bedrock's response shape out. It only
 * translates, like the HTTP door (api/routes/actions.ts): the operation from apiPath and
 * httpMethod, the person from the access token in the session attributes (verified with the same
 * verifier and scopes as HTTP), the input from the text values; then runRead, runWrite or runJob decide.
 * A denied confirmation runs nothing and is recorded as a refused attempt.
 */
export function createBedrockHandler(deps: BedrockDependencies): BedrockHandler {
  const { config, verifier } = deps;
  const registry = deps.registry ?? defaultRegistry;
  const pipelineDeps = {
    config,
    aws: deps.aws,
    audit: deps.audit,
    policy: deps.policy ?? PolicyCatalog.load(config.policyBaseUrl),
  };
  const maxBytes = deps.maxBodyBytes ?? MAX_BODY_BYTES;
  const baseLog = deps.log ?? silentLogger;
  const jobDeps = {
    config,
    bulk: new BulkService({
      pipeline: pipelineDeps,
      registry,
      log: baseLog,
      ...(deps.bulkEngine ? { engine: deps.bulkEngine } : {}),
    }),
  };

  return async (event) => {
    const requestId = randomUUID();
    const log = baseLog.child({
      reqId: requestId,
      door: 'bedrock',
      agentId: event.agent?.id,
      sessionId: event.sessionId,
      actionGroup: event.actionGroup,
    });
    const reply = (status: number, answer: Record<string, unknown>) =>
      bedrockResponse(event, status, answerBody(answer, maxBytes));
    const refuse = (error: RemediationApiError) =>
      reply(error.statusCode, {
        summary: error.message,
        outcome: 'refused',
        message: error.message,
      });

    const action = findAction(registry, event);
    if (!action) {
      return reply(404, {
        summary: `This action group has no operation ${event.httpMethod} ${event.apiPath}.`,
        outcome: 'failed',
      });
    }
    try {
      const requester = await identify(config, verifier, event);
      const origin: RequestOrigin = { sourceIp: sourceOf(event), requestId };
      const input = inputOf(action, event);
      const scope = scopeFor(config, accessLevelOf(action));
      if (action.kind === 'read') {
        if (!requester.scopes.includes(scope)) throw new MissingScopeError(scope);
        assertValid(action, input);
        return reply(200, await runRead(pipelineDeps, { action, input, requester, log }));
      }
      if (action.kind === 'job') {
        // A declined job never started: there is nothing to record (each target records itself).
        if (event.confirmationState === 'DENY')
          return reply(200, action.refused(input, declined(action)));
        if (!requester.scopes.includes(scope)) throw new MissingScopeError(scope);
        assertValid(action, input);
        return reply(200, await runJob(jobDeps, { action, input, requester, origin, log }));
      }
      // The agent asks the person to confirm every write (x-requireConfirmation), as the chat's
      // form does, so a planId is enforced only when the agent passes one.
      const request = {
        action,
        input,
        requester,
        origin,
        log,
        ...(typeof input.planId === 'string' ? { planId: input.planId } : {}),
      };
      if (event.confirmationState === 'DENY') {
        const outcome = await recordRefusedWrite(pipelineDeps, request, declined(action));
        return reply(200, { ...outcome });
      }
      // Without the write scope the pipeline records the attempt as received, then refuses it.
      if (requester.scopes.includes(scope)) assertValid(action, input);
      return reply(200, { ...(await runWrite(pipelineDeps, request)) });
    } catch (error) {
      if (error instanceof RemediationApiError && error.statusCode < 500) {
        log.warn({ err: error }, 'action-group request refused');
        return refuse(error);
      }
      if (error instanceof RemediationApiError && error.statusCode === 503) return refuse(error);
      log.error({ err: error }, 'action-group request failed');
      return reply(500, {
        summary:
          'Something went wrong on our side; nothing more can be said here. Try again later.',
        outcome: 'failed',
        requestId,
      });
    }
  };
}

/** apiPath is the path as the action group's document has it, `{jobId}` and all. */
function findAction(registry: readonly Action[], event: BedrockActionGroupEvent) {
  const method = event.httpMethod?.toUpperCase();
  return registry.find((action) => action.path === event.apiPath && method === methodOf(action));
}

/**
 * The person the agent acts for, from the access token the invoking application put in the
 * session attributes. A machine client's token is accepted only from the configured service
 * client (BEDROCK_SERVICE_CLIENT_ID), and the pipeline then records that machine.
 */
async function identify(
  config: Config,
  verifier: TokenVerifier,
  event: BedrockActionGroupEvent,
): Promise<Requester> {
  const token = event.sessionAttributes?.[ACCESS_TOKEN_ATTRIBUTE];
  if (!token) {
    throw new AuthenticationError(
      `Sign in: the application that invokes this agent must put your access token in the session attribute ${ACCESS_TOKEN_ATTRIBUTE}. Nothing was done.`,
    );
  }
  const requester = await verifier.verify(token);
  if (requester.kind === 'machine' && requester.clientId !== config.bedrock.serviceClientId) {
    throw new AuthenticationError(
      'This agent acts for a signed-in person: the session carries an automation token that is not the configured agent service identity. Nothing was done.',
    );
  }
  return requester;
}

/** Where the request came from, for the intent record: the agent, not an address. */
function sourceOf(event: BedrockActionGroupEvent): string {
  const agent = event.agent;
  return agent?.id ? `bedrock-agent:${agent.id}/${agent.alias ?? ''}` : 'bedrock-agent';
}

function declined(action: Action): string {
  const phrase = action.summary.split(':')[0] ?? action.summary;
  return `You declined to ${phrase.charAt(0).toLowerCase()}${phrase.slice(1)} when the agent asked you to confirm; nothing was changed.`;
}
