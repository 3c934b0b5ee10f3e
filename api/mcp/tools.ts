import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { Server } from '@modelcontextprotocol/server';
import type { FastifyBaseLogger } from 'fastify';
import type { TObject } from 'typebox';
import type { Action } from '../actions/define.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import { type AccessLevel, accessLevelOf, scopeFor } from '../auth/authorize.js';
import type { Requester } from '../auth/requester.js';
import { MissingScopeError, RemediationApiError } from '../errors.js';
import { invalidInput } from '../input-validation.js';
import { runJob } from '../pipeline/job-pipeline.js';
import { runRead } from '../pipeline/read-pipeline.js';
import { runWrite } from '../pipeline/write-pipeline.js';
import type { ActionRouteDependencies } from '../routes/actions.js';
import { readResponses } from '../routes/actions.js';
import {
  AUDIT_OPERATIONS,
  GetRemediationParams,
  getRemediation,
  type ListQuery,
  listRemediations,
  listRemediationsQuery,
  verifyAuditTrail,
  verifyAuditTrailQuery,
} from '../routes/audit/audit-routes.js';
import {
  GetRemediationResponse,
  ListRemediationsResponse,
  VerifyAuditTrailResponse,
  writeResponses,
} from '../routes/audit/schemas.js';

/** Who is calling, as the `/mcp` route authenticated them. */
export interface Caller {
  requester: Requester;
  origin: RequestOrigin;
  log: FastifyBaseLogger;
}

/**
 * The MCP server for one request: the registry as tools. `tools/list` shows the tools the caller's
 * scopes allow; `tools/call` validates the arguments against the action's own input schema and
 * hands them to the same pipelines as the HTTP door. Outcomes are data: the text is the summary an
 * analyst reads, `structuredContent` the same body HTTP answers; a refused or failed outcome, and
 * any request that could not be processed, is `isError` with the words HTTP uses.
 */
export function toolServer(deps: ActionRouteDependencies, caller: Caller): Server {
  const server = new Server(
    { name: 'security-remediation-api', version: '0.1.0' },
    { capabilities: { tools: { listChanged: false } } },
  );
  const audits = auditTools(deps);
  server.setRequestHandler('tools/list', () => ({
    tools: declarations(deps)
      .filter(({ scopes }) => scopes.some((scope) => caller.requester.scopes.includes(scope)))
      .map(({ tool }) => tool),
  }));
  server.setRequestHandler('tools/call', async (request) => {
    const args = request.params.arguments ?? {};
    const action = deps.registry.find((candidate) => candidate.name === request.params.name);
    if (action) return callTool(deps, caller, action, args);
    const audit = audits.find((candidate) => candidate.name === request.params.name);
    if (audit) return callAuditTool(deps, caller, audit, args);
    return failure(`There is no tool named "${request.params.name}".`);
  });
  return server;
}

async function callTool(
  deps: ActionRouteDependencies,
  caller: Caller,
  action: Action,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const { requester, log } = caller;
  try {
    if (action.kind === 'read') {
      const scope = scopeFor(deps.config, 'read');
      if (!requester.scopes.includes(scope)) throw new MissingScopeError(scope);
      const input = validated(action.input, args);
      if (typeof input === 'string') return failure(input);
      const answer = await runRead(deps, { action, input, requester, log });
      return result(answer, answer.outcome !== 'answered');
    }
    if (action.kind === 'job') {
      // The scope before the arguments, as HTTP checks the token before validating.
      const scope = scopeFor(deps.config, 'write');
      if (!requester.scopes.includes(scope)) throw new MissingScopeError(scope);
      const input = validated(action.input, args);
      if (typeof input === 'string') return failure(input);
      const answer = await runJob(deps, {
        action,
        input,
        requester,
        origin: caller.origin,
        log,
        previewOnly: deps.config.planRequiredDoors.includes('mcp'),
      });
      return result(answer, answer.outcome === 'refused');
    }
    // A write without the scope is recorded as an attempt by the pipeline, which then refuses it
    // (it reads only the target from the unvalidated arguments), as at the HTTP door.
    const input = requester.scopes.includes(scopeFor(deps.config, 'write'))
      ? validated(action.input, args)
      : { ...args };
    if (typeof input === 'string') return failure(input);
    const outcome = await runWrite(deps, {
      action,
      input,
      requester,
      origin: caller.origin,
      log,
      ...(typeof input.planId === 'string' ? { planId: input.planId } : {}),
      requirePlan: deps.config.planRequiredDoors.includes('mcp'),
    });
    return result({ ...outcome }, outcome.outcome === 'refused' || outcome.outcome === 'failed');
  } catch (error) {
    if (error instanceof RemediationApiError) return failure(error.message);
    log.error({ err: error, tool: action.name }, 'unhandled error in an MCP tool');
    return failure(
      `The request failed unexpectedly; the service log has the details under request id ${caller.origin.requestId}.`,
    );
  }
}

/** A tool's declaration and the scopes, any of which shows it in `tools/list`. */
interface Declaration {
  tool: Tool;
  scopes: string[];
}

/** Declarations are the same for every request of an app: built once, filtered per caller. */
const declarationsOf = new WeakMap<ActionRouteDependencies, Declaration[]>();

function declarations(deps: ActionRouteDependencies): Declaration[] {
  let built = declarationsOf.get(deps);
  if (!built) {
    built = [
      ...deps.registry.map((action) => ({
        tool: toolOf(action),
        scopes: [scopeFor(deps.config, accessLevelOf(action))],
      })),
      ...auditTools(deps).map((tool) => ({
        tool: auditToolOf(tool),
        scopes: tool.scopes.map((level) => scopeFor(deps.config, level)),
      })),
    ];
    declarationsOf.set(deps, built);
  }
  return built;
}

/** The auditors' operations (api/routes/audit/), as tools. */
interface AuditTool {
  name: keyof typeof AUDIT_OPERATIONS;
  input: TObject;
  output: TObject;
  /** Any of these scopes opens the tool. */
  scopes: AccessLevel[];
  run(
    requester: Requester,
    input: Record<string, unknown>,
    log: FastifyBaseLogger,
  ): Promise<Record<string, unknown>>;
}

/** Built once per app: a stateless door builds a server per request, the tools need not. */
const auditToolsOf = new WeakMap<ActionRouteDependencies, AuditTool[]>();

function auditTools(deps: ActionRouteDependencies): AuditTool[] {
  let tools = auditToolsOf.get(deps);
  if (!tools) {
    tools = buildAuditTools(deps);
    auditToolsOf.set(deps, tools);
  }
  return tools;
}

function buildAuditTools(deps: ActionRouteDependencies): AuditTool[] {
  const operations = deps.registry.filter((a) => a.kind === 'write').map((a) => a.name);
  const auditScope = scopeFor(deps.config, 'audit');
  return [
    {
      name: 'listRemediations',
      input: listRemediationsQuery(operations),
      output: ListRemediationsResponse,
      scopes: ['audit'],
      run: (requester, input, log) => listRemediations(deps, requester, input as ListQuery, log),
    },
    {
      name: 'getRemediation',
      input: GetRemediationParams,
      output: GetRemediationResponse,
      // The write scope reads the caller's own remediations, as over HTTP.
      scopes: ['audit', 'write'],
      run: (requester, input, log) =>
        getRemediation(
          deps,
          requester,
          String(input.remediationId),
          !requester.scopes.includes(auditScope),
          log,
        ),
    },
    {
      name: 'verifyAuditTrail',
      input: verifyAuditTrailQuery,
      output: VerifyAuditTrailResponse,
      scopes: ['audit'],
      run: (requester, input, log) =>
        verifyAuditTrail(
          deps,
          requester,
          typeof input.accountId === 'string' ? { accountId: input.accountId } : {},
          log,
        ),
    },
  ];
}

function auditToolOf(tool: AuditTool): Tool {
  const words = AUDIT_OPERATIONS[tool.name];
  return {
    name: tool.name,
    title: words.summary,
    description: words.description,
    inputSchema: plainJson(tool.input) as Tool['inputSchema'],
    outputSchema: plainJson(tool.output) as Tool['outputSchema'],
    annotations: {
      title: words.summary,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      // The service's own audit trail, not the member accounts.
      openWorldHint: false,
    },
  };
}

async function callAuditTool(
  deps: ActionRouteDependencies,
  caller: Caller,
  tool: AuditTool,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const { requester, log } = caller;
  try {
    const scopes = tool.scopes.map((level) => scopeFor(deps.config, level));
    if (!scopes.some((scope) => requester.scopes.includes(scope))) {
      throw new MissingScopeError(scopes[0] ?? '');
    }
    const input = validated(tool.input, args);
    if (typeof input === 'string') return failure(input);
    const answer = await tool.run(requester, input, log);
    return result(answer, answer.refused === true);
  } catch (error) {
    if (error instanceof RemediationApiError) return failure(error.message);
    log.error({ err: error, tool: tool.name }, 'unhandled error in an MCP tool');
    return failure(
      `The request failed unexpectedly; the service log has the details under request id ${caller.origin.requestId}.`,
    );
  }
}

function result(body: Record<string, unknown>, isError: boolean): CallToolResult {
  return {
    content: [{ type: 'text', text: String(body.summary ?? '') }],
    structuredContent: body,
    ...(isError ? { isError: true } : {}),
  };
}

function failure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** A tool's declaration, derived from the action's: nothing here is written a second time. */
function toolOf(action: Action): Tool {
  return {
    name: action.name,
    title: action.summary,
    description: action.description,
    inputSchema: plainJson(action.input) as Tool['inputSchema'],
    outputSchema: plainJson(outputOf(action)) as Tool['outputSchema'],
    annotations: { title: action.summary, ...hintsOf(action) },
  };
}

function outputOf(action: Action): TObject {
  switch (action.kind) {
    case 'read':
      return readResponses(action)[200];
    case 'write':
      return writeResponses(action.details)[200];
    case 'job':
      return action.output;
  }
}

/** The MCP tool hints of an operation: hints to the client, never what enforces anything. */
function hintsOf(action: Action): NonNullable<Tool['annotations']> {
  if (action.kind !== 'job') {
    return {
      readOnlyHint: action.kind === 'read',
      // Only irreversible changes are destructive: the others can be undone (undoRemediation).
      destructiveHint: action.kind === 'write' && !action.reversible,
      // A rerun of a finished change answers already_compliant.
      idempotentHint: true,
      // Every tool reaches into the member accounts' AWS.
      openWorldHint: true,
    };
  }
  const starts = action.effect === 'start';
  return {
    readOnlyHint: action.effect === 'inspect',
    // A job's changes are destructive as its operation's are: closing ports can be undone by
    // undoBulkRemediation, the undo (re-opening them to the internet) cannot.
    destructiveHint: starts && !action.reversible,
    // Each start is a new job (and a new remediation per target); reading or cancelling again
    // changes nothing more.
    idempotentHint: !starts,
    // Only a job's targets reach the member accounts; reading or cancelling one reads this
    // service's own jobs table.
    openWorldHint: starts,
  };
}

/** TypeBox schemas are JSON Schema; this drops the symbols TypeBox keeps beside the keywords. */
function plainJson(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/**
 * The arguments, checked against the action's input schema exactly as sent: JSON has types, so
 * unlike a query string nothing is coerced; defaults are filled in as HTTP fills them. Invalid
 * arguments give the words a 400 gives at the HTTP door.
 */
function validated(
  schema: TObject,
  args: Record<string, unknown>,
): Record<string, unknown> | string {
  const input = structuredClone(args);
  return invalidInput(schema, input, 'tool arguments') ?? input;
}
