import type { ActionContext, Plan, PlannedStep, UndoDetails, UndoSource } from '../define.js';
import { describeGroup } from '../security-group/describe-group.js';
import { ingressCalls } from '../security-group/ingress-calls.js';
import { describePorts, describeSource, type RuleSpec, sameRule } from '../security-group/rules.js';
import type { ClosePortDetails, ClosePortInput } from './action.js';

type RuleRecord = ClosePortDetails['revokedRules'][number];

/** The plan of the undo of closeSecurityGroupPort, loaded on its first call; undo-close-port.ts declares it. */
export async function planUndoClosePort(
  context: ActionContext,
  source: UndoSource<ClosePortInput, ClosePortDetails>,
): Promise<Plan<UndoDetails>> {
  const { accountId, region, groupId } = source.input;
  const ec2 = context.aws.ec2(accountId, region);
  const group = await describeGroup(ec2, groupId);
  const details: UndoDetails = { restored: [], removed: [], cannotRestore: [], notes: [] };
  const undone = `remediation ${source.remediationId}`;
  if (!group) {
    return {
      status: 'failed',
      summary: `Security group ${groupId} no longer exists in account ${accountId} in ${region}, so ${undone} cannot be undone.`,
      details,
    };
  }
  const label = `security group ${group.groupName} (${group.groupId})`;
  const protectedBy = context.config.protectedTagKey;
  if (protectedBy in group.tags) {
    return {
      status: 'refused',
      summary: `The ${label} is now protected by the tag "${protectedBy}", so this API will not change it, not even to undo ${undone}.`,
      details,
    };
  }
  const revoked = source.details?.revokedRules ?? [];
  const recreated = source.details?.recreatedRules ?? [];
  const toRestore = revoked
    .map(specOf)
    .filter((spec) => !group.ingress.some((rule) => sameRule(rule, spec)));
  const toRemove = recreated.filter(
    (rule) => rule.ruleId && group.ingress.some((existing) => existing.ruleId === rule.ruleId),
  );
  const port = source.details?.port ?? source.input.port ?? 22;
  if (recreated.some((rule) => !rule.ruleId)) {
    details.notes.push(
      'Some rules the closure added have no recorded id (another request had created them first); they are left in place.',
    );
  }
  if (toRestore.length === 0 && toRemove.length === 0) {
    return {
      status: 'compliant',
      summary: `The ${label} already has the rules ${undone} removed, and none of the rules it added remain; nothing to undo.`,
      details,
    };
  }
  const calls = ingressCalls(ec2, group.groupId);
  const restored: string[] = [];
  const removed: string[] = [];
  const steps: PlannedStep[] = [];
  if (toRestore.length > 0) {
    steps.push({
      action: 'ec2:AuthorizeSecurityGroupIngress',
      description: `Re-create the ${count(toRestore.length, 'rule')} ${undone} removed: ${toRestore.map(describeSpec).join(', ')}.`,
      execute: async () => {
        await calls.authorize(toRestore);
        restored.push(...toRestore.map(describeSpec));
      },
    });
  }
  for (const rule of toRemove) {
    steps.push({
      action: 'ec2:RevokeSecurityGroupIngress',
      description: `Remove rule ${rule.ruleId} (${describeRecord(rule)}), which ${undone} added.`,
      execute: async () => {
        await calls.revoke(rule.ruleId as string);
        removed.push(`rule ${rule.ruleId}: ${describeRecord(rule)}`);
      },
    });
  }
  details.restored = toRestore.map(describeSpec);
  details.removed = toRemove.map((rule) => `rule ${rule.ruleId}: ${describeRecord(rule)}`);
  details.notes.push(
    `Port ${port} is reachable from the internet again once the rules are back; ask to close port ${port} again when appropriate.`,
  );
  return {
    status: 'changes',
    summary: `Would undo ${undone} on the ${label}: ${andList([
      toRestore.length
        ? `re-create ${count(toRestore.length, 'rule')} it removed (${toRestore.map(describeSpec).join('; ')}), opening port ${port} to the internet again`
        : '',
      toRemove.length ? `remove ${count(toRemove.length, 'rule')} it added in their place` : '',
    ])}.`,
    steps,
    details,
    report(completed) {
      const after = { ...details, restored, removed };
      const summary =
        completed === steps.length
          ? `Undid ${undone} on the ${label}: ${andList([
              restored.length
                ? `re-created ${count(restored.length, 'rule')} (${restored.join('; ')}), so port ${port} is open to the internet again`
                : '',
              removed.length ? `removed ${count(removed.length, 'rule')} it had added` : '',
            ])}.`
          : `The undo of ${undone} is not finished on the ${label}: a step failed after ${completed} of ${steps.length}. Run the same undo again to finish.`;
      return { summary, details: after };
    },
  };
}

function specOf(rule: RuleRecord): RuleSpec {
  return {
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    source: rule.source,
    ...(rule.description ? { description: rule.description } : {}),
  };
}

const describeSpec = (spec: RuleSpec) =>
  `${describePorts(spec)} from ${describeSource(spec.source)}`;
const describeRecord = (rule: RuleRecord) => describeSpec(specOf(rule));
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const andList = (parts: string[]) => parts.filter(Boolean).join(', and ');
