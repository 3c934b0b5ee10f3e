import { createHash } from 'node:crypto';
import type { OutcomeKind } from '../actions/outcome.js';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../audit/audit-errors.js';
import { canonicalJson } from '../audit/hash-chain.js';
import type { RemediationView } from '../audit/remediation-view.js';
import type { Outcome, OutcomeFrame } from './outcome.js';
import type { Attempt } from './records.js';
import type { PipelineDependencies } from './write-pipeline.js';

export interface KeyClaim {
  kind: 'claimed';
  /** The remediation whose run stopped without a result; this run replaces it. */
  tookOverFrom?: string;
  renew(): Promise<boolean>;
  release(): Promise<void>;
  complete(outcome: Outcome): Promise<void>;
}

const POLL_MS = 150;

/**
 * Claims the caller's Idempotency-Key for this request, or returns the answer already given. A
 * claim is a lease the run renews: when its holder stopped renewing (the process died, the Lambda
 * timed out, the answer could not be stored), a retry learns the result from the trail, or, when
 * none was recorded, runs again; every action continues from the current state.
 */
export async function claimIdempotencyKey(
  deps: PipelineDependencies,
  attempt: Attempt,
  key: string,
  frame: OutcomeFrame,
): Promise<KeyClaim | { kind: 'replay'; outcome: Outcome }> {
  const store = deps.audit.idempotency;
  const scope = ['idempotency', attempt.requester.clientId, attempt.requester.sub, key].join('#');
  const hash = createHash('sha256')
    .update(canonicalJson({ operation: attempt.action.name, input: attempt.input }))
    .digest('hex');
  const id = frame.remediationId;
  const claimed = (tookOverFrom?: string): KeyClaim => ({
    kind: 'claimed',
    ...(tookOverFrom ? { tookOverFrom } : {}),
    renew: () => store.renew(scope, id),
    release: () => store.release(scope, id),
    complete: (outcome) => store.complete(scope, id, outcome),
  });
  const deadline = Date.now() + deps.config.audit.lockWaitMs;
  for (;;) {
    const claim = await store.claim(scope, hash, id);
    switch (claim.kind) {
      case 'claimed':
        return claimed();
      case 'replay':
        return { kind: 'replay', outcome: { ...(claim.response as Outcome), replayed: true } };
      case 'mismatch':
        throw new IdempotencyKeyReusedError(key, claim.remediationId);
      case 'in_progress': {
        if (claim.leaseExpired) {
          const view = await deps.audit.remediation(claim.remediationId);
          if (view && view.outcome !== 'unfinished') {
            const outcome = fromTrail(view, frame);
            await store.complete(scope, claim.remediationId, outcome).catch(() => undefined);
            return { kind: 'replay', outcome: { ...outcome, replayed: true } };
          }
          if (await store.takeOver(scope, claim.remediationId, id)) {
            return claimed(claim.remediationId);
          }
          continue;
        }
        if (Date.now() >= deadline)
          throw new IdempotencyKeyInProgressError(key, claim.remediationId);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  }
}

/** The answer the first request gave, rebuilt from its trail records. */
function fromTrail(view: RemediationView, frame: OutcomeFrame): Outcome {
  return {
    remediationId: view.remediationId,
    operation: view.operation,
    outcome: view.outcome as OutcomeKind,
    summary: view.summary,
    dryRun: view.dryRun,
    target: view.target,
    requestedBy: {
      kind: view.requestedBy.kind,
      name: view.requestedBy.name,
      clientId: view.requestedBy.clientId,
    },
    ...(view.ticket ? { ticket: view.ticket } : {}),
    ...(view.reason ? { reason: view.reason } : {}),
    policyReferences: frame.policyReferences,
    steps: view.steps,
    ...(view.details !== undefined ? { details: view.details } : {}),
  };
}
