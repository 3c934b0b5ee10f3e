import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Action } from '../../actions/define.js';
import { ticket } from '../../actions/fields.js';
import { AuditUnavailableError } from '../../audit/audit-errors.js';
import type { AuditStore } from '../../audit/audit-store.js';
import type { RemediationView } from '../../audit/remediation-view.js';
import { requireToken } from '../../auth/authenticate.js';
import { scopeFor } from '../../auth/authorize.js';
import type { Requester } from '../../auth/requester.js';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { Config } from '../../config.js';
import { MissingScopeError } from '../../errors.js';
import { auditorRefusal } from './auditor-refusal.js';
import {
  auditErrorResponses,
  GetRemediationResponse,
  ListRemediationsResponse,
  VerifyAuditTrailResponse,
} from './schemas.js';

export interface AuditRouteDependencies {
  config: Config;
  verifier: TokenVerifier;
  audit: AuditStore;
  registry: readonly Action[];
}

// Filters carry no example: Swagger UI would pre-fill them and hide what a person looks for.
const { examples: _example, ...ticketRule } = ticket as typeof ticket & { examples?: unknown };

const remediationId = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'The remediation id, as an answer or listRemediations gave it.',
  examples: ['0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f'],
  'x-error-message': 'must be a remediation id (a UUID), as the answer to that remediation gave it',
});

/** Names and words of the auditors' operations, shared by the HTTP and MCP doors. */
export const AUDIT_OPERATIONS = {
  listRemediations: {
    summary: 'List recorded remediations, newest first',
    description:
      'Lists remediations from the audit trail, newest first: what was asked, by whom, under which ticket, what happened and which policy controls justified it. Filter by ticket (for example SEC-101), requester, account, operation or time range. Previews (dry runs) are left out unless includeDryRuns is true. Use getRemediation for the full record of one.',
  },
  getRemediation: {
    summary: 'Show the full audit record of one remediation',
    description:
      'Shows the audit record of one remediation by its id: who asked (with their groups and address), the ticket, the reason, the policy controls, the inputs, every step with its result, what it changed, and whether it can be or was undone. Auditors read any remediation; a caller with the write scope reads the ones it asked for itself, for example to learn how a request it retried ended.',
  },
  verifyAuditTrail: {
    summary: 'Check that the audit trail is complete and unaltered',
    description:
      "Checks the audit trail: every entry present, unchanged since it was written, and linked to the one before it, in each account and Region's chain of records and in the index of chains that anchors them. Reports the first altered or missing entry, if any, and each chain's newest entry. The whole check also reads the table's keys once (a Scan, as costly as reading the table) to find chains the index no longer names; give an accountId to check only that account's chains, quickly.",
  },
} as const;

const accountIdFilter = (description: string) =>
  Type.String({
    pattern: '^\\d{12}$',
    description,
    'x-error-message': 'must be 12 digits, for example 222222222222',
  });

/** verifyAuditTrail's one filter: a whole trail can take long to read, one account's is quick. */
export const verifyAuditTrailQuery = Type.Object(
  {
    accountId: Type.Optional(
      accountIdFilter(
        "Only this 12-digit account's chains of records (and the index that anchors them); leave empty to check the whole trail.",
      ),
    ),
  },
  { additionalProperties: false },
);

/** listRemediations' filters; `operations` are the registry's write operations. */
export function listRemediationsQuery(operations: string[]) {
  return Type.Object(
    {
      ticket: Type.Optional({
        ...ticketRule,
        description: 'Only remediations under this ticket, for example SEC-101.',
      }),
      requester: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 128,
          description:
            'Only those asked for by this username, or by this client id for automation.',
        }),
      ),
      accountId: Type.Optional(accountIdFilter('Only those acting in this 12-digit AWS account.')),
      operation: Type.Optional(
        Type.Unsafe<string>({
          type: 'string',
          enum: operations,
          description: 'Only this operation.',
        }),
      ),
      from: Type.Optional(
        Type.String({
          format: 'date-time',
          description: 'Only those asked for at or after this time, e.g. 2025-06-16T00:00:00Z.',
          'x-error-message': 'must be a date and time such as 2025-06-16T00:00:00Z',
        }),
      ),
      to: Type.Optional(
        Type.String({
          format: 'date-time',
          description: 'Only those asked for at or before this time.',
          'x-error-message': 'must be a date and time such as 2025-06-16T23:59:59Z',
        }),
      ),
      includeDryRuns: Type.Optional(
        Type.Boolean({
          default: false,
          description: 'Also list previews (dry runs), which changed nothing.',
        }),
      ),
      limit: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 25,
          default: 10,
          description: 'How many to return, 1 to 25.',
          'x-error-message': 'must be a whole number from 1 to 25',
        }),
      ),
      nextToken: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 2048,
          description: 'From the previous page, to continue the same listing.',
        }),
      ),
    },
    { additionalProperties: false },
  );
}

export const GetRemediationParams = Type.Object({ remediationId }, { additionalProperties: false });

/** The auditors' read operations: scope `<resource server>/audit`, and for people an auditors group. */
export async function auditRoutes(app: FastifyInstance, deps: AuditRouteDependencies) {
  const scope = scopeFor(deps.config, 'audit');
  const common = {
    tags: ['audit'],
    security: [{ oauth2: [scope] }],
    'x-amzn-operation-type': 'read',
  };
  const onRequest = requireToken(deps.verifier, scope);
  const operations = deps.registry
    .filter((action) => action.kind === 'write')
    .map((action) => action.name);

  app.get('/remediations', {
    onRequest,
    schema: {
      ...common,
      operationId: 'listRemediations',
      ...AUDIT_OPERATIONS.listRemediations,
      querystring: listRemediationsQuery(operations),
      response: { 200: ListRemediationsResponse, ...auditErrorResponses },
    },
    handler: (request) =>
      listRemediations(deps, requesterOf(request), request.query as ListQuery, request.log),
  });

  app.get('/remediations/:remediationId', {
    onRequest: ownOrAudit(deps, scope),
    schema: {
      ...common,
      operationId: 'getRemediation',
      // Either scope: the audit scope reads any record, the write scope the caller's own.
      security: [{ oauth2: [scope] }, { oauth2: [scopeFor(deps.config, 'write')] }],
      ...AUDIT_OPERATIONS.getRemediation,
      params: GetRemediationParams,
      response: { 200: GetRemediationResponse, ...auditErrorResponses },
    },
    handler: (request) =>
      getRemediation(
        deps,
        requesterOf(request),
        (request.params as { remediationId: string }).remediationId,
        ownRecordsOnly.has(request),
        request.log,
      ),
  });

  app.get('/audit-trail/verify', {
    onRequest,
    schema: {
      ...common,
      operationId: 'verifyAuditTrail',
      ...AUDIT_OPERATIONS.verifyAuditTrail,
      querystring: verifyAuditTrailQuery,
      response: { 200: VerifyAuditTrailResponse, ...auditErrorResponses },
    },
    handler: (request) =>
      verifyAuditTrail(
        deps,
        requesterOf(request),
        request.query as { accountId?: string },
        request.log,
      ),
  });
}

type AuditDeps = Pick<AuditRouteDependencies, 'config' | 'audit'>;

/** listRemediations, whichever door asked: the caller already holds the audit scope. */
export async function listRemediations(
  deps: AuditDeps,
  requester: Requester,
  query: ListQuery,
  log: FastifyBaseLogger,
) {
  const refusal = refusalFor(deps, requester, log);
  if (refusal) return { summary: refusal, refused: true, remediations: [] };
  const { limit = 10, nextToken, ...filters } = query;
  const page = await logged(log, () => deps.audit.list(filters, limit, nextToken));
  const shown = page.remediations.map(summaryOf);
  return {
    summary: listSummary(filters, shown.length, Boolean(page.nextToken)),
    remediations: shown,
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

/**
 * getRemediation, whichever door asked: with the audit scope any record, with only the write scope
 * (`ownOnly`) the caller's own.
 */
export async function getRemediation(
  deps: AuditDeps,
  requester: Requester,
  id: string,
  ownOnly: boolean,
  log: FastifyBaseLogger,
) {
  const refusal = ownOnly ? undefined : refusalFor(deps, requester, log);
  if (refusal) return { summary: refusal, refused: true };
  const view = await logged(log, () => deps.audit.remediation(id));
  if (view && ownOnly && !askedBy(view, requester)) {
    return {
      summary: `Remediation ${id} was asked for by someone else; without the audit scope you can read only the remediations you asked for. Ask an auditor to look at it.`,
      refused: true,
    };
  }
  if (!view) {
    return {
      summary: `No remediation with id ${id} is recorded in the audit trail; check the id, or ask to list recent remediations to find it.`,
    };
  }
  return { summary: recordSummary(view), remediation: { ...view, auditEntries: view.entries } };
}

/** verifyAuditTrail, whichever door asked: the caller already holds the audit scope. */
export async function verifyAuditTrail(
  deps: AuditDeps,
  requester: Requester,
  only: { accountId?: string },
  log: FastifyBaseLogger,
) {
  const refusal = refusalFor(deps, requester, log);
  if (refusal) return { summary: refusal, refused: true };
  const report = await logged(log, () => deps.audit.verify(only));
  return {
    summary: report.summary,
    intact: report.ok,
    checked: report.checked,
    chains: report.chains,
    ...(report.chainsWithProblems > 0 ? { chainsWithProblems: report.chainsWithProblems } : {}),
    ...(report.firstProblem ? { firstProblem: report.firstProblem } : {}),
  };
}

function requesterOf(request: FastifyRequest): Requester {
  if (!request.requester) throw new Error('audit route reached without an authenticated requester');
  return request.requester;
}

const ownRecordsOnly = new WeakSet<FastifyRequest>();

/**
 * The audit scope reads everything (people also need the auditors group); the write scope reads
 * the caller's own remediations, so an automation that retried a request, or lost its answer,
 * can learn what happened without being an auditor.
 */
function ownOrAudit(deps: AuditRouteDependencies, auditScope: string) {
  const audit = requireToken(deps.verifier, auditScope);
  const write = scopeFor(deps.config, 'write');
  return async (request: FastifyRequest): Promise<void> => {
    try {
      await audit(request);
    } catch (error) {
      if (!(error instanceof MissingScopeError) || !request.requester?.scopes.includes(write)) {
        throw error;
      }
      ownRecordsOnly.add(request);
    }
  };
}

/** The same caller: the same OAuth client and the same subject (person or machine). */
function askedBy(view: RemediationView, requester: Requester): boolean {
  return view.requestedBy.clientId === requester.clientId && view.requestedBy.sub === requester.sub;
}

export interface ListQuery {
  ticket?: string;
  requester?: string;
  accountId?: string;
  operation?: string;
  from?: string;
  to?: string;
  includeDryRuns?: boolean;
  limit?: number;
  nextToken?: string;
}

/** The store's errors carry the SDK's cause; the caller gets the short message, the log the cause. */
async function logged<T>(log: FastifyBaseLogger, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuditUnavailableError) {
      log.error({ err: error.cause ?? error }, error.message);
    }
    throw error;
  }
}

function refusalFor(
  deps: AuditDeps,
  requester: Requester,
  log: FastifyBaseLogger,
): string | undefined {
  const refusal = auditorRefusal(deps.config, requester);
  if (refusal) log.warn({ requester: requester.name }, 'audit read refused');
  return refusal;
}

function summaryOf(view: RemediationView) {
  return {
    remediationId: view.remediationId,
    operation: view.operation,
    outcome: view.outcome,
    summary: view.summary,
    requestedAt: view.requestedAt,
    requestedBy: view.requestedBy,
    ...(view.ticket ? { ticket: view.ticket } : {}),
    target: view.target,
    policyControls: view.policyControls,
    dryRun: view.dryRun,
    ...(view.undoOf ? { undoOf: view.undoOf } : {}),
  };
}

function listSummary(
  filters: Omit<ListQuery, 'limit' | 'nextToken'>,
  shown: number,
  more: boolean,
) {
  const criteria = [
    filters.ticket && `ticket ${filters.ticket}`,
    filters.requester && `requester ${filters.requester}`,
    filters.accountId && `account ${filters.accountId}`,
    filters.operation && `operation ${filters.operation}`,
    filters.from && `from ${filters.from}`,
    filters.to && `until ${filters.to}`,
  ].filter(Boolean);
  const scope = criteria.length ? ` for ${criteria.join(', ')}` : '';
  if (shown === 0 && !more) return `No remediations are recorded${scope}.`;
  const noun = shown === 1 ? 'remediation' : 'remediations';
  return `${shown} ${noun}${scope}, newest first.${more ? ' More are available: pass nextToken to see them.' : ''}`;
}

function recordSummary(view: RemediationView): string {
  const who = `${view.requestedBy.name}${view.requestedBy.kind === 'machine' ? ' (automation)' : ''}`;
  const ticketText = view.ticket ? ` under ticket ${view.ticket}` : ' without a ticket';
  const undone = view.undo.undoneBy ? ` It was undone by remediation ${view.undo.undoneBy}.` : '';
  return `${view.operation} on ${view.target.resourceType} ${view.target.resourceId} in account ${view.target.accountId}, asked by ${who}${ticketText} at ${view.requestedAt}: ${view.outcome}. ${view.summary}${undone}`;
}
