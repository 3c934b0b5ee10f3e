import { createHash } from 'node:crypto';
import type { ActionContext, Target, WriteAction } from '../actions/action.js';
import {
  assertWritable,
  type Outcome,
  outcomeFrame,
  type RunMeta,
  runWrite,
  type WriteInput,
} from '../actions/run-write.js';
import type { Requester } from '../auth/requester.js';
import type { Config } from '../config.js';
import {
  AuditUnavailableError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
} from './audit-errors.js';
import type { AuditStore } from './audit-store.js';
import { canonicalJson } from './hash-chain.js';
import type { CompletionRecord, IntentRecord } from './record.js';
import type { RequestOrigin } from './request-origin.js';
import type { LockHolder } from './resource-lock.js';

export interface AuditedWriteDependencies {
  config: Config;
  audit: AuditStore;
}

export interface AuditedWrite {
  action: WriteAction;
  input: WriteInput & Record<string, unknown>;
  context: ActionContext;
  meta: RunMeta;
  origin: RequestOrigin;
  idempotencyKey?: string;
  /** Why this person may not run the action; the attempt is still recorded, then refused. */
  refusal?: string;
  /** Set on an undo: the remediation it reverses. */
  undoOf?: string;
  /** Runs under the resource lock once a real (not dry) run has its outcome. */
  onFinished?(outcome: Outcome): Promise<void>;
}

/** An outcome, marked when it is the recorded answer to an earlier request with the same key. */
export type AuditedOutcome = Outcome & { replayed?: boolean };

/** Nothing ran and a retry may well succeed: not kept as the answer to an Idempotency-Key. */
interface Decided {
  outcome: Outcome;
  transient: boolean;
}

/**
 * The write path around runWrite: idempotency key, intent record (before the first AWS call),
 * per-resource lock, the run itself, completion record. Whatever cannot be recorded does not run.
 */
export async function runAudited(
  deps: AuditedWriteDependencies,
  request: AuditedWrite,
): Promise<AuditedOutcome> {
  const { audit } = deps;
  const { action, input, context, meta } = request;
  assertWritable(action, input);
  const frame = outcomeFrame(action, context, input as never, meta);
  const key = request.idempotencyKey;
  const scope = key ? idempotencyScope(context.requester, key) : undefined;
  if (key && scope) {
    try {
      const replay = await claimKey(deps, request, key, scope);
      if (replay) return { ...(replay as Outcome), replayed: true };
    } catch (error) {
      if (error instanceof AuditUnavailableError) return notRecorded(frame, context, error);
      throw error;
    }
  }
  try {
    await append(audit, context, intentRecord(request, frame.target));
  } catch (error) {
    if (scope) await audit.idempotency.release(scope, meta.remediationId);
    return notRecorded(frame, context, error);
  }
  let decided: Decided;
  try {
    decided = await decideAndRun(deps, request);
  } catch (error) {
    // A bug, not an AWS failure: the trail still says the request ended, then the 500 goes out.
    await complete(audit, request, {
      ...frame,
      outcome: 'failed',
      summary: 'The request stopped on an unexpected error; the service log has the details.',
      steps: [],
    }).catch(() => undefined);
    if (scope) await audit.idempotency.release(scope, meta.remediationId);
    throw error;
  }
  const outcome = await completeOrWarn(audit, request, decided.outcome);
  if (scope) {
    if (decided.transient) await audit.idempotency.release(scope, meta.remediationId);
    else
      await audit.idempotency
        .complete(scope, meta.remediationId, outcome)
        .catch((error) =>
          context.log.error({ err: error }, 'could not store the answer for the Idempotency-Key'),
        );
  }
  return outcome;
}

/** Returns the recorded answer to replay, or undefined once this request owns the key. */
async function claimKey(
  deps: AuditedWriteDependencies,
  request: AuditedWrite,
  key: string,
  scope: string,
): Promise<unknown> {
  const hash = requestHash(request);
  const deadline = Date.now() + deps.config.audit.lockWaitMs;
  for (;;) {
    const claim = await deps.audit.idempotency.claim(scope, hash, request.meta.remediationId);
    switch (claim.kind) {
      case 'claimed':
        return undefined;
      case 'replay':
        return claim.response;
      case 'mismatch':
        throw new IdempotencyKeyReusedError(key, claim.remediationId);
      case 'in_progress':
        if (Date.now() >= deadline)
          throw new IdempotencyKeyInProgressError(key, claim.remediationId);
        await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

async function decideAndRun(
  deps: AuditedWriteDependencies,
  request: AuditedWrite,
): Promise<Decided> {
  const { action, input, context, meta } = request;
  const frame = outcomeFrame(action, context, input as never, meta);
  if (request.refusal) {
    return {
      outcome: { ...frame, outcome: 'refused', summary: request.refusal, steps: [] },
      transient: false,
    };
  }
  // A dry run only reads, so it neither waits for nor blocks a change in progress.
  if (frame.dryRun)
    return { outcome: await runWrite(action, context, input as never, meta), transient: false };
  let lock: Awaited<ReturnType<AuditStore['locks']['acquire']>>;
  try {
    lock = await deps.audit.locks.acquire(
      frame.target,
      {
        remediationId: meta.remediationId,
        operation: action.name,
        requesterName: context.requester.name,
      },
      deps.config.audit.lockWaitMs,
    );
  } catch (error) {
    context.log.error({ err: error }, 'resource lock unavailable');
    return {
      outcome: {
        ...frame,
        outcome: 'failed',
        summary: `Nothing was changed: this API could not make sure no other request is changing ${describeTarget(frame.target)} at the same moment, so it did not start. Try again in a minute.`,
        steps: [],
      },
      transient: true,
    };
  }
  if (!lock.acquired) {
    return {
      outcome: {
        ...frame,
        outcome: 'refused',
        summary: busy(frame.target, lock.holder),
        steps: [],
      },
      transient: true,
    };
  }
  try {
    const outcome = await runWrite(action, context, input as never, meta);
    await request.onFinished?.(outcome);
    return { outcome, transient: false };
  } finally {
    await lock.release();
  }
}

function busy(target: Target, holder: LockHolder | undefined): string {
  const who = holder
    ? `remediation ${holder.remediationId} (${holder.operation}, asked by ${holder.requesterName})`
    : 'another remediation';
  return `Nothing was changed: ${who} is changing ${describeTarget(target)} right now. Wait for it to finish, check its result with getRemediation, and send this request again if it is still needed.`;
}

function describeTarget(target: Target): string {
  const where = target.region ? `${target.accountId} in ${target.region}` : target.accountId;
  return `${target.resourceType} ${target.resourceId} in account ${where}`;
}

/** Fail closed: the request never reached AWS because its record could not be written. */
export function notRecorded(
  frame: ReturnType<typeof outcomeFrame>,
  context: ActionContext,
  error: unknown,
): Outcome {
  context.log.error({ err: error }, 'audit trail unavailable; request not run');
  return {
    ...frame,
    outcome: 'failed',
    summary:
      'Nothing was done: the audit trail could not be written, and this API never changes anything without first recording who asked and why. Try again in a few minutes; if it keeps failing, tell the team that runs this API.',
    steps: [],
  };
}

/**
 * After AWS changed, the answer must reach the caller even when the trail cannot take the
 * completion; the summary says so and the log keeps the whole outcome.
 */
async function completeOrWarn(
  audit: AuditStore,
  request: AuditedWrite,
  outcome: Outcome,
): Promise<Outcome> {
  try {
    await complete(audit, request, outcome);
    return outcome;
  } catch (error) {
    request.context.log.error(
      { err: error, outcome },
      'completion not recorded in the audit trail',
    );
    return {
      ...outcome,
      summary: `${outcome.summary} Warning: the result could not be added to the audit trail; the service log keeps it under request id ${request.origin.requestId}.`,
    };
  }
}

function complete(audit: AuditStore, request: AuditedWrite, outcome: Outcome) {
  const { action } = request;
  const changed =
    !outcome.dryRun &&
    (outcome.outcome === 'remediated' || outcome.outcome === 'partially_remediated');
  const record: CompletionRecord = {
    recordType: 'completion',
    remediationId: request.meta.remediationId,
    recordedAt: new Date().toISOString(),
    outcome: outcome.outcome,
    summary: outcome.summary,
    steps: outcome.steps,
    ...(outcome.details !== undefined ? { details: outcome.details } : {}),
    undo: {
      available: changed && Boolean(action.undo),
      description: action.undo?.description ?? `${action.name} declares no undo.`,
    },
  };
  return append(audit, request.context, record);
}

async function append(
  audit: AuditStore,
  context: ActionContext,
  record: IntentRecord | CompletionRecord,
): Promise<void> {
  const { seq, hash } = await audit.trail.append(record);
  // The log line is a copy of the chain head outside the table: a rewrite of the table cannot
  // also rewrite what CloudWatch already holds.
  context.log.info(
    { audit: { seq, hash, remediationId: record.remediationId, recordType: record.recordType } },
    'audit entry written',
  );
}

/**
 * Index keys must be non-empty strings of the declared type, and a rejected attempt's body was
 * never validated, so every key attribute is coerced here.
 */
function intentRecord(request: AuditedWrite, target: Target): IntentRecord {
  const { action, input, context, meta, origin } = request;
  const { requester } = context;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    recordType: 'intent',
    remediationId: meta.remediationId,
    recordedAt: new Date().toISOString(),
    operation: action.name,
    dryRun: input.dryRun === true,
    accountId: text(target.accountId) ?? 'unknown',
    ...(text(target.region) ? { region: target.region } : {}),
    resourceType: text(target.resourceType) ?? 'unknown',
    resourceId: text(target.resourceId) ?? 'unknown',
    requesterName: requester.name,
    requestedBy: {
      kind: requester.kind,
      name: requester.name,
      clientId: requester.clientId,
      sub: requester.sub,
      groups: requester.groups,
      ...(requester.tokenId ? { tokenId: requester.tokenId } : {}),
    },
    ...(text(input.ticket) ? { ticket: input.ticket } : {}),
    ...(text(input.reason) ? { reason: input.reason } : {}),
    input,
    policyControls: meta.policyReferences.map((reference) => reference.id),
    sourceIp: origin.sourceIp,
    requestId: origin.requestId,
    ...(origin.gatewayRequestId ? { gatewayRequestId: origin.gatewayRequestId } : {}),
    ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    ...(request.undoOf ? { undoOf: request.undoOf } : {}),
  };
}

/** Keys are per caller: the same key from two clients or two people are two keys. */
function idempotencyScope(requester: Requester, key: string): string {
  return ['idempotency', requester.clientId, requester.sub, key].join('#');
}

function requestHash(request: AuditedWrite): string {
  return createHash('sha256')
    .update(canonicalJson({ operation: request.action.name, input: request.input }))
    .digest('hex');
}

/**
 * A write attempt turned away before it could run (missing scope, account not allowed): recorded
 * as an intent and a refused completion. Failing to record it changes nothing, so it is logged.
 */
export async function recordRejectedAttempt(
  deps: AuditedWriteDependencies,
  request: Omit<AuditedWrite, 'refusal' | 'onFinished'>,
  why: string,
): Promise<void> {
  const frame = outcomeFrame(request.action, request.context, request.input as never, request.meta);
  try {
    await append(deps.audit, request.context, intentRecord(request, frame.target));
    await complete(deps.audit, request, { ...frame, outcome: 'refused', summary: why, steps: [] });
  } catch (error) {
    request.context.log.error({ err: error }, 'could not record a rejected write attempt');
  }
}
