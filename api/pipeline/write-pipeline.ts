import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ActionContext, Plan, Target, WriteAction } from '../actions/define.js';
import type { OutcomeKind, RetryReason } from '../actions/outcome.js';
import { AuditUnavailableError } from '../audit/audit-errors.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import { groupRefusal, scopeFor } from '../auth/authorize.js';
import type { Requester } from '../auth/requester.js';
import { isThrottling } from '../aws/aws-error.js';
import type { AwsClientFactory } from '../aws/clients.js';
import type { Config } from '../config.js';
import { AwsCallError, InputError, MissingScopeError } from '../errors.js';
import { bindRemediationId } from '../observability/remediation-id.js';
import type { PolicyCatalog } from '../policy/catalog.js';
import { applyPlan, plannedSteps } from './apply-plan.js';
import { claimIdempotencyKey, type KeyClaim } from './idempotency.js';
import { LeaseKeeper } from './lease.js';
import type { Outcome, OutcomeFrame } from './outcome.js';
import { findOfferedPlan, planIdOf } from './plan-id.js';
import { readFailure } from './read-failure.js';
import { type Attempt, completionRecord, intentRecord } from './records.js';
import {
  ALLOW_LIST_UNAVAILABLE,
  busy,
  completionNotRecorded,
  lockUnavailable,
  NOT_RECORDED,
  planChanged,
  planRequired,
  planUnknown,
  targetRefusal,
  tookOver,
  UNEXPECTED,
} from './words.js';

export interface PipelineDependencies {
  config: Config;
  aws: AwsClientFactory;
  audit: AuditStore;
  policy: PolicyCatalog;
}

export interface WriteRequest {
  action: WriteAction;
  /**
   * The body, validated against `action.input` by the door. The one exception is a caller without
   * the write scope: its body is recorded as received and refused before anything reads it.
   */
  input: Record<string, unknown>;
  requester: Requester;
  origin: RequestOrigin;
  log: FastifyBaseLogger;
  idempotencyKey?: string;
  /** The id of the plan a dry run of this request offered; the run carries out that plan only. */
  planId?: string;
  /**
   * Set by a door whose caller may act without a person reading the plan (MCP): a real run then
   * needs `planId`. Doors with their own confirmation (the chat's form) leave it optional.
   */
  requirePlan?: boolean;
}

/** Inputs every write action accepts besides its own. */
interface WriteFields {
  dryRun?: unknown;
  ticket?: unknown;
  reason?: unknown;
  planId?: unknown;
}

/**
 * The one way a change happens, whichever door it came through (HTTP, and the MCP and Bedrock
 * doors to come). In order: authorize (scope, group), allow-list, ticket and reason, idempotency
 * claim, intent record, resource lock, plan, apply or dry run, completion record, release.
 * Every attempt past the token check is recorded; nothing reaches AWS unless its intent is.
 */
export async function runWrite(
  deps: PipelineDependencies,
  request: WriteRequest,
): Promise<Outcome> {
  const { config, audit } = deps;
  const { action, input, requester, log } = request;
  const startedAt = Date.now();
  const remediationId = randomUUID();
  // Every log line of this request from here on names the remediation.
  bindRemediationId(log, remediationId);
  const context: ActionContext = {
    config,
    aws: deps.aws.forRequester(requester),
    requester,
    log,
    audit,
    remediationId,
    now: () => new Date(),
  };
  const attempt: Attempt = {
    action,
    input,
    requester,
    origin: request.origin,
    ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
  };
  const frameAt = (target: Target) =>
    outcomeFrame(deps, action, input, requester, remediationId, target);

  // 1. Authorize: the scope first. The refusal is recorded, then the door answers 403.
  const scope = scopeFor(config, 'write');
  if (!requester.scopes.includes(scope)) {
    const refused = new MissingScopeError(scope);
    await recordDecided(
      audit,
      attempt,
      frameAt(safeTarget(action, input)),
      'refused',
      refused.message,
      log,
    );
    throw refused;
  }
  if (action.reverses) attempt.undoOf = action.reverses(input);

  // 2. Authorize: the person's groups (machines are trusted on scope alone), before anything is
  // read on their behalf: locating the target (an undo's original, a finding's resource) would
  // tell someone not allowed to act where the target is.
  const notInGroup = groupRefusal(config, action, requester);
  if (notInGroup) {
    return recordDecided(audit, attempt, frameAt(action.target(input)), 'refused', notInGroup, log);
  }

  // The target, computed once: from the input, or from storage (an undo's original).
  let target = action.target(input);
  if (action.locate) {
    let located: Awaited<ReturnType<NonNullable<WriteAction['locate']>>>;
    try {
      located = await action.locate(context, input);
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      log.error({ err: error }, 'audit trail unavailable; request not run');
      return answer(frameAt(target), 'failed', NOT_RECORDED, 'audit_unavailable');
    }
    if ('status' in located) {
      return recordDecided(audit, attempt, frameAt(target), located.status, located.summary, log);
    }
    target = located;
  }
  const frame = frameAt(target);

  // 3. The accounts and regions this deployment may act in.
  let allowedAccounts: readonly string[];
  try {
    allowedAccounts = await deps.aws.allowedAccounts();
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    log.warn({ err: error }, 'allow-list unavailable; request not run');
    return recordDecided(
      audit,
      attempt,
      frame,
      'failed',
      ALLOW_LIST_UNAVAILABLE,
      log,
      'allow_list_unavailable',
    );
  }
  const notAllowed = targetRefusal(config, target, allowedAccounts);
  if (notAllowed) return recordDecided(audit, attempt, frame, 'refused', notAllowed, log);
  // From here the records go to the target's own chain; before, to the chain of requests that
  // never reached a place this API may act in, so no caller can open chains at will.
  attempt.placeAllowed = true;

  // 4. A real change needs a reason, and some a ticket. Bad input: 400, nothing recorded.
  assertWritable(action, input);

  // 4b. Confirmation: a real run carries out a plan a dry run offered this requester, recently.
  let expectedPlanId: string | undefined;
  if (!frame.dryRun && (request.planId || request.requirePlan)) {
    if (!request.planId) {
      return recordDecided(audit, attempt, frame, 'refused', planRequired(), log);
    }
    let offeredBy: string | undefined;
    try {
      offeredBy = await findOfferedPlan(
        audit,
        requester,
        action.name,
        request.planId,
        config.planWindowMinutes,
        context.now(),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      log.error({ err: error }, 'audit trail unavailable; request not run');
      return answer(frame, 'failed', NOT_RECORDED, 'audit_unavailable');
    }
    if (!offeredBy) {
      return recordDecided(
        audit,
        attempt,
        frame,
        'refused',
        planUnknown(config.planWindowMinutes),
        log,
      );
    }
    attempt.plan = { planId: request.planId, offeredBy };
    expectedPlanId = request.planId;
  }

  // 5. Idempotency-Key: the first request runs, a repeat gets the recorded answer.
  let claim: KeyClaim | undefined;
  if (request.idempotencyKey) {
    try {
      const claimed = await claimIdempotencyKey(deps, attempt, request.idempotencyKey, frame);
      if (claimed.kind === 'replay') return claimed.outcome;
      claim = claimed;
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      log.error({ err: error }, 'audit trail unavailable; request not run');
      return answer(frame, 'failed', NOT_RECORDED, 'audit_unavailable');
    }
  }

  // 6. The intent, before the first AWS call: whatever cannot be recorded does not run.
  try {
    await appendLogged(audit, log, chainOf(attempt, frame), intentRecord(attempt, frame));
  } catch (error) {
    await claim?.release();
    log.error({ err: error }, 'audit trail unavailable; request not run');
    return answer(frame, 'failed', NOT_RECORDED, 'audit_unavailable');
  }

  let decided: { outcome: Outcome; transient: boolean };
  try {
    decided = frame.dryRun
      ? // A dry run only reads, so it neither waits for nor blocks a change in progress.
        {
          outcome: await planAndApply(context, action, input, frame, () => undefined, undefined),
          transient: false,
        }
      : await underLock(deps, context, action, input, frame, claim, startedAt, expectedPlanId);
  } catch (error) {
    // A bug, not an AWS failure: the trail still says the request ended, then the 500 goes out.
    await appendLogged(
      audit,
      log,
      chainOf(attempt, frame),
      completionRecord(action, answer(frame, 'failed', UNEXPECTED)),
    ).catch(() => undefined);
    await claim?.release();
    throw error;
  }

  // 9. The completion. After AWS changed, the answer must reach the caller even if this fails.
  let outcome = decided.outcome;
  if (claim?.tookOverFrom)
    outcome = { ...outcome, summary: `${outcome.summary} ${tookOver(claim.tookOverFrom)}` };
  try {
    await appendLogged(audit, log, chainOf(attempt, frame), completionRecord(action, outcome));
  } catch (error) {
    log.error({ err: error, outcome }, 'completion not recorded in the audit trail');
    outcome = {
      ...outcome,
      summary: `${outcome.summary} ${completionNotRecorded(request.origin.requestId)}`,
    };
  }

  // 10. Release: a transient answer (busy, lock table down) frees the key so a retry runs.
  if (claim) {
    if (decided.transient) await claim.release();
    else
      await claim
        .complete(outcome)
        .catch((error) =>
          log.error({ err: error }, 'could not store the answer for the Idempotency-Key'),
        );
  }
  return outcome;
}

/** 7–8 for a real run: the resource lock, kept alive while the run holds it, then plan and apply. */
async function underLock(
  deps: PipelineDependencies,
  context: ActionContext,
  action: WriteAction,
  input: Record<string, unknown>,
  frame: OutcomeFrame,
  claim: KeyClaim | undefined,
  startedAt: number,
  expectedPlanId: string | undefined,
): Promise<{ outcome: Outcome; transient: boolean }> {
  const { config, audit } = deps;
  const { log } = context;
  let lock: Awaited<ReturnType<AuditStore['locks']['acquire']>>;
  try {
    lock = await audit.locks.acquire(
      frame.target,
      {
        remediationId: frame.remediationId,
        operation: action.name,
        requesterName: context.requester.name,
      },
      config.audit.lockWaitMs,
    );
  } catch (error) {
    log.error({ err: error }, 'resource lock unavailable');
    return {
      outcome: answer(frame, 'failed', lockUnavailable(frame.target), 'lock_unavailable'),
      transient: true,
    };
  }
  if (!lock.acquired) {
    return {
      outcome: answer(frame, 'refused', busy(frame.target, lock.holder), 'in_progress'),
      transient: true,
    };
  }
  const keeper = new LeaseKeeper(
    [lock.renew, ...(claim ? [claim.renew] : [])],
    config.audit.lockLeaseSeconds,
    (error) => log.warn({ err: error }, 'could not renew a lease; will try again'),
  );
  const deadline = startedAt + config.runBudgetMs;
  const stopReason = () =>
    keeper.lost ?? (Date.now() >= deadline ? 'this request reached its time limit' : undefined);
  try {
    return {
      outcome: await planAndApply(context, action, input, frame, stopReason, expectedPlanId),
      transient: false,
    };
  } finally {
    keeper.stop();
    await lock.release();
  }
}

/** The only caller of an action's plan: shows it (dry run) or applies it. */
async function planAndApply(
  context: ActionContext,
  action: WriteAction,
  input: Record<string, unknown>,
  frame: OutcomeFrame,
  stopReason: () => string | undefined,
  /** The plan a real run was confirmed with: computed again here, under the lock. */
  expectedPlanId: string | undefined,
): Promise<Outcome> {
  let plan: Plan<unknown>;
  try {
    plan = await action.plan(context, input);
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    context.log.warn({ err: error, awsCode: error.awsCode }, 'AWS read failed while planning');
    const retryable = isThrottling(error) ? 'throttled' : undefined;
    return answer(frame, 'failed', readFailure(error, frame.target), retryable);
  }
  if (plan.status !== 'changes') {
    const kind = (
      { refused: 'refused', compliant: 'already_compliant', failed: 'failed' } as const
    )[plan.status];
    return { ...answer(frame, kind, plan.summary), details: plan.details };
  }
  const planId = planIdOf(context.requester, action.name, input, plan.steps);
  if (frame.dryRun) {
    return {
      ...frame,
      outcome: 'planned',
      summary: plan.summary,
      steps: plannedSteps(plan.steps),
      details: plan.details,
      planId,
    };
  }
  if (expectedPlanId !== undefined && planId !== expectedPlanId) {
    // AWS changed since the plan was shown: what was confirmed is no longer what would run.
    return {
      ...frame,
      outcome: 'refused',
      summary: planChanged(plan.summary),
      steps: plannedSteps(plan.steps),
      details: plan.details,
      planId,
    };
  }
  const applied = await applyPlan(plan, stopReason, (error, step) =>
    context.log.warn({ err: error, step }, 'remediation step failed'),
  );
  await plan.settle?.(applied.outcome === 'remediated');
  return { ...frame, ...applied };
}

/** The body of an answer before plan or apply has anything to say; built once per request. */
function outcomeFrame(
  deps: Pick<PipelineDependencies, 'policy'>,
  action: WriteAction,
  input: Record<string, unknown> & WriteFields,
  requester: Requester,
  remediationId: string,
  target: Target,
): OutcomeFrame {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const ticket = text(input.ticket);
  const reason = text(input.reason);
  return {
    remediationId,
    operation: action.name,
    dryRun: input.dryRun === true,
    target,
    requestedBy: { kind: requester.kind, name: requester.name, clientId: requester.clientId },
    ...(ticket ? { ticket } : {}),
    ...(reason ? { reason } : {}),
    policyReferences: action.controls.map((id) => deps.policy.reference(id)),
  };
}

function answer(
  frame: OutcomeFrame,
  outcome: OutcomeKind,
  summary: string,
  retryable?: RetryReason,
): Outcome {
  return { ...frame, outcome, summary, steps: [], ...(retryable ? { retryable } : {}) };
}

/**
 * An attempt answered before anything ran (no scope, no group, account not allowed, nothing to
 * undo): recorded as an intent and its completion. Failing to record it changes nothing, so it is
 * logged and the answer still goes out.
 */
async function recordDecided(
  audit: AuditStore,
  attempt: Attempt,
  frame: OutcomeFrame,
  kind: 'refused' | 'failed',
  summary: string,
  log: FastifyBaseLogger,
  retryable?: RetryReason,
): Promise<Outcome> {
  const outcome = answer(frame, kind, summary, retryable);
  try {
    const where = chainOf(attempt, frame);
    await appendLogged(audit, log, where, intentRecord(attempt, frame));
    await appendLogged(audit, log, where, completionRecord(attempt.action, outcome));
  } catch (error) {
    log.error({ err: error }, 'could not record a rejected write attempt');
  }
  return outcome;
}

/** A caller without the scope sent a body no schema checked: its target is only what it names. */
function safeTarget(action: WriteAction, input: Record<string, unknown>): Target {
  try {
    return action.target(input);
  } catch {
    return { accountId: 'unknown', resourceType: 'unknown', resourceId: 'unknown' };
  }
}

/** Both records of a request go to one chain: its place's once the allow-list let it through. */
function chainOf(attempt: Attempt, frame: OutcomeFrame): Target | undefined {
  return attempt.placeAllowed ? frame.target : undefined;
}

async function appendLogged(
  audit: AuditStore,
  log: FastifyBaseLogger,
  where: Target | undefined,
  record: Parameters<AuditStore['trail']['append']>[0],
): Promise<void> {
  const { chain, seq, hash } = await audit.trail.append(record, where);
  // The log line is a copy of the chain head outside the table: a rewrite of the table cannot
  // also rewrite what CloudWatch already holds.
  log.info(
    {
      audit: {
        chain,
        seq,
        hash,
        remediationId: record.remediationId,
        recordType: record.recordType,
      },
    },
    'audit entry written',
  );
}

/** A real change needs a reason, and some a ticket. */
function assertWritable(action: WriteAction, input: WriteFields): void {
  if (input.dryRun === true) return;
  if (!input.reason) {
    throw new InputError('Give a reason (why this change is needed) or set dryRun to true.');
  }
  if (action.requiresTicket && !input.ticket) {
    throw new InputError(
      `This change (${action.summary.toLowerCase()}) cannot be undone: give the incident ticket, or set dryRun to true to preview.`,
    );
  }
}

/**
 * An attempt the person called off before anything ran (the Bedrock door's denied confirmation):
 * recorded like any refused attempt, with what was asked, and answered `refused`. Nothing reads
 * AWS; the input is recorded as received.
 */
export async function recordRefusedWrite(
  deps: PipelineDependencies,
  request: WriteRequest,
  summary: string,
): Promise<Outcome> {
  const { action, input, requester, log } = request;
  const remediationId = randomUUID();
  bindRemediationId(log, remediationId);
  const attempt: Attempt = { action, input, requester, origin: request.origin };
  const frame = outcomeFrame(
    deps,
    action,
    input,
    requester,
    remediationId,
    safeTarget(action, input),
  );
  return recordDecided(deps.audit, attempt, frame, 'refused', summary, log);
}
