import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WriteAction } from '../../actions/action.js';
import { outcomeFrame } from '../../actions/run-write.js';
import {
  type UndoInput,
  undoActionFor,
  undoRemediationSpec,
} from '../../actions/undo-remediation.js';
import { AuditUnavailableError } from '../../audit/audit-errors.js';
import {
  type AuditedOutcome,
  notRecorded,
  recordRejectedAttempt,
  runAudited,
} from '../../audit/audited-write.js';
import type { RemediationView } from '../../audit/remediation-view.js';
import { groupRefusal, scopeFor } from '../../auth/authorize.js';
import { TargetNotAllowedError } from '../../errors.js';
import {
  type ActionRouteDependencies,
  assertTargetAllowed,
  requireWriteToken,
  writeRequest,
} from '../actions.js';
import { idempotencyHeaders, writeResponses } from './schemas.js';

/**
 * undoRemediation: a write operation outside the registry, because its target (the original's
 * account and resource) is known only after reading the audit trail. It runs through the same
 * audited write path as every other change.
 */
export async function undoRoute(app: FastifyInstance, deps: ActionRouteDependencies) {
  const scope = scopeFor(deps.config, 'write');
  // Before the trail is read, an undo is known only by the id it names.
  const placeholder = (request: FastifyRequest) =>
    undoActionFor({
      undoneId: String(
        (request.body as Partial<UndoInput> | undefined)?.remediationId ?? 'unknown',
      ),
      original: undefined,
      originalAction: undefined,
      undoRemediationId: randomUUID(),
      audit: deps.audit,
    }).action;
  app.post(undoRemediationSpec.path, {
    ...requireWriteToken(deps, scope, placeholder),
    schema: {
      operationId: undoRemediationSpec.name,
      summary: undoRemediationSpec.summary,
      description: undoRemediationSpec.description,
      tags: ['remediate'],
      security: [{ oauth2: [scope] }],
      'x-amzn-operation-type': 'write',
      body: undoRemediationSpec.input,
      headers: idempotencyHeaders,
      response: writeResponses(undoRemediationSpec.details),
    },
    handler: (request) => runUndo(deps, request),
  });
}

async function runUndo(
  deps: ActionRouteDependencies,
  request: FastifyRequest,
): Promise<AuditedOutcome> {
  const input = request.body as UndoInput;
  const probe = writeRequest(deps, placeholderAction(deps, input), request);
  let original: RemediationView | undefined;
  try {
    original = await deps.audit.remediation(input.remediationId);
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) throw error;
    // Fail closed: without the record there is nothing safe to undo, and nothing to record with.
    return notRecorded(
      outcomeFrame(probe.action, probe.context, probe.input as never, probe.meta),
      probe.context,
      error,
    );
  }
  const originalAction = deps.registry.find(
    (action): action is WriteAction =>
      action.kind === 'write' && action.name === original?.operation,
  );
  const undo = undoActionFor({
    undoneId: input.remediationId,
    original,
    originalAction,
    undoRemediationId: probe.meta.remediationId,
    audit: deps.audit,
  });
  const write = { ...probe, action: undo.action, undoOf: input.remediationId };
  if (original) {
    try {
      assertTargetAllowed(deps.config, original.target);
    } catch (error) {
      if (error instanceof TargetNotAllowedError) {
        await recordRejectedAttempt(deps, write, error.message);
      }
      throw error;
    }
  }
  const refusal = groupRefusal(deps.config, undo.action, write.context.requester);
  return runAudited(deps, {
    ...write,
    ...(refusal ? { refusal } : {}),
    onFinished: undo.finished,
  });
}

function placeholderAction(deps: ActionRouteDependencies, input: UndoInput): WriteAction {
  return undoActionFor({
    undoneId: input.remediationId,
    original: undefined,
    originalAction: undefined,
    undoRemediationId: 'none',
    audit: deps.audit,
  }).action;
}
