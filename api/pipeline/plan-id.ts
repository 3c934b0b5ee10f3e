import { createHash } from 'node:crypto';
import type { PlannedStep } from '../actions/define.js';
import type { AuditStore } from '../audit/audit-store.js';
import { canonicalJson } from '../audit/hash-chain.js';
import type { Requester } from '../auth/requester.js';

/** Fields that do not change what a request does, so a plan covers any value of them. */
const NOT_PLANNED = new Set(['dryRun', 'reason', 'ticket', 'planId']);

/**
 * The id of a plan: who asked (client and subject), which operation, the input that decides what
 * happens, and the steps the plan would take. The same request by the same requester against the
 * same AWS state gets the same id; any change to the steps gives a new one.
 */
export function planIdOf(
  requester: Requester,
  operation: string,
  input: Record<string, unknown>,
  steps: readonly Pick<PlannedStep, 'action' | 'description'>[],
): string {
  const decisive = Object.fromEntries(
    Object.entries(input).filter(([name]) => !NOT_PLANNED.has(name)),
  );
  const text = canonicalJson({
    requester: { clientId: requester.clientId, sub: requester.sub },
    operation,
    input: decisive,
    steps: steps.map((step) => ({ action: step.action, description: step.description })),
  });
  return `plan-${createHash('sha256').update(text).digest('hex')}`;
}

/** How many of the requester's recent requests the lookup reads at most. */
const LOOKUP_LIMIT = 50;

/**
 * The remediation that offered `planId` to this requester for this operation within the window:
 * a dry run's `planned` answer, or a run refused because AWS had changed, which offers the new
 * plan. Undefined when there is none (unknown, someone else's, or expired).
 */
export async function findOfferedPlan(
  audit: AuditStore,
  requester: Requester,
  operation: string,
  planId: string,
  windowMinutes: number,
  now: Date,
): Promise<string | undefined> {
  const from = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
  const page = await audit.list(
    { requester: requester.name, operation, from, includeDryRuns: true },
    LOOKUP_LIMIT,
  );
  const offered = page.remediations.find(
    (view) =>
      view.offeredPlanId === planId &&
      view.requestedBy.clientId === requester.clientId &&
      view.requestedBy.sub === requester.sub &&
      (view.completedAt ?? '') >= from,
  );
  return offered?.remediationId;
}
