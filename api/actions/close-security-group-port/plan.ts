import type { ActionContext, Plan, PlannedStep } from '../define.js';
import { describeGroup, type GroupView } from '../security-group/describe-group.js';
import { type IngressCalls, ingressCalls } from '../security-group/ingress-calls.js';
import {
  coversPort,
  describePorts,
  describeSource,
  type IngressRule,
  isWorldOpen,
  type RuleSpec,
  remainderOf,
  sameRule,
  sourceOf,
} from '../security-group/rules.js';
import type { ClosePortDetails, ClosePortInput } from './action.js';

type Details = ClosePortDetails;
type RuleRecord = Details['revokedRules'][number];

const ESTABLISHED_NOTE =
  'Connections that were already established stay open until they time out; changing a rule does not cut them.';

/** The plan of closeSecurityGroupPort, loaded on its first call; close-security-group-port.ts declares it. */
export async function planClosePort(
  context: ActionContext,
  input: ClosePortInput,
): Promise<Plan<ClosePortDetails>> {
  const portNumber = input.port ?? 22;
  const ec2 = context.aws.ec2(input.accountId, input.region);
  const group = await describeGroup(ec2, input.groupId);
  const details: Details = {
    port: portNumber,
    revokedRules: [],
    recreatedRules: [],
    stillOpenToTheWorld: [],
    notes: [],
  };
  const where = `account ${input.accountId} in ${input.region}`;
  if (!group) {
    return {
      status: 'failed',
      summary: `Security group ${input.groupId} does not exist in ${where}; check the group id, the account and the Region.`,
      details,
    };
  }
  details.groupName = group.groupName;
  const label = `security group ${group.groupName} (${group.groupId})`;
  const protectedBy = context.config.protectedTagKey;
  if (protectedBy in group.tags) {
    return {
      status: 'refused',
      summary: `${capitalize(label)} is protected by the tag "${protectedBy}", so this API will not change it. Its owner can change it through the exception process, or remove the tag with an approved change.`,
      details,
    };
  }
  const matching = group.ingress.filter(
    (rule) => isWorldOpen(rule) && coversPort(rule, portNumber),
  );
  if (matching.length === 0) {
    details.stillOpenToTheWorld = worldOpen(group.ingress);
    return {
      status: 'compliant',
      summary: `Port ${portNumber} is already closed to the internet on ${label}.${stillOpenSentence(details)}`,
      details,
    };
  }
  return planChanges(ingressCalls(ec2, input.groupId), {
    group,
    matching,
    portNumber,
    details,
    label,
  });
}

interface Planning {
  group: GroupView;
  matching: IngressRule[];
  portNumber: number;
  details: Details;
  label: string;
}

/**
 * For each matching rule: first re-create what it allowed besides the port (never opening
 * anything it did not already open), then revoke it by id. A failure between the two leaves the
 * group no more open than before, and a rerun skips what already exists.
 */
function planChanges(calls: IngressCalls, planning: Planning): Plan<Details> {
  const { group, matching, portNumber, details, label } = planning;
  const steps: PlannedStep[] = [];
  const planned: RuleSpec[] = [];
  const revoked: RuleRecord[] = [];
  const recreated: RuleRecord[] = [];
  let protocolsDropped = false;
  for (const rule of matching) {
    const remainder = remainderOf(rule, portNumber).filter(
      (spec) =>
        !group.ingress.some((existing) => sameRule(existing, spec)) &&
        !planned.some((other) => sameSpec(other, spec)),
    );
    planned.push(...remainder);
    if (rule.protocol === '-1') protocolsDropped = true;
    if (remainder.length > 0) {
      steps.push({
        action: 'ec2:AuthorizeSecurityGroupIngress',
        description: `Keep open what rule ${rule.ruleId} allowed besides port ${portNumber}: ${remainder.map(describeSpec).join(', ')}.`,
        execute: async () => {
          const ids = await calls.authorize(remainder);
          remainder.forEach((spec, index) => {
            recreated.push(ids[index] ? { ruleId: ids[index], ...spec } : { ...spec });
          });
        },
      });
    }
    steps.push({
      action: 'ec2:RevokeSecurityGroupIngress',
      description: `Remove rule ${rule.ruleId}: ${describePorts(rule)} from ${describeSource(sourceOf(rule))}.`,
      execute: async () => {
        await calls.revoke(rule.ruleId);
        revoked.push(toRecord(rule));
      },
    });
  }
  const staying = group.ingress.filter((rule) => !matching.includes(rule));
  const notes = [ESTABLISHED_NOTE];
  if (protocolsDropped) {
    notes.push(
      'The all-traffic rule also allowed IP protocols other than tcp, udp and ICMP (such as ESP or GRE); those are no longer open to the world.',
    );
  }
  const whatWillRemain = [...worldOpen(staying), ...planned.map(describeSpec)];
  details.revokedRules = matching.map(toRecord);
  details.recreatedRules = planned.map((spec) => ({ ...spec }));
  details.stillOpenToTheWorld = unique(whatWillRemain);
  details.notes = notes;
  const ruleCount = `${matching.length} rule${matching.length === 1 ? '' : 's'}`;
  return {
    status: 'changes',
    summary: `Would close port ${portNumber} to the internet on ${label} by removing ${ruleCount} open to the world.${stillOpenSentence(details)}`,
    steps,
    details,
    report(completed) {
      const after: Details = {
        ...details,
        revokedRules: revoked,
        recreatedRules: recreated,
        stillOpenToTheWorld: unique([
          ...worldOpen(
            group.ingress.filter((rule) => !revoked.some((r) => r.ruleId === rule.ruleId)),
          ),
          ...recreated.map(describeSpec),
        ]),
      };
      const summary =
        completed === steps.length
          ? `Closed port ${portNumber} to the internet on ${label}: removed ${ruleCount} open to the world.${stillOpenSentence(after)} ${ESTABLISHED_NOTE}`
          : `Port ${portNumber} is not fully closed on ${label}: ${revoked.length} of ${matching.length} world-open rules were removed before a step failed. Run the same request again to finish.`;
      return { summary, details: after };
    },
  };
}

function worldOpen(rules: IngressRule[]): string[] {
  return unique(
    rules
      .filter(isWorldOpen)
      .map((rule) => `${describePorts(rule)} from ${describeSource(sourceOf(rule))}`),
  );
}

function describeSpec(spec: RuleSpec): string {
  return `${describePorts(spec)} from ${describeSource(spec.source)}`;
}

function stillOpenSentence(details: Details): string {
  return details.stillOpenToTheWorld.length === 0
    ? ' Nothing else in it is open to the world.'
    : ` Still open to the world: ${details.stillOpenToTheWorld.join('; ')}.`;
}

function toRecord(rule: IngressRule): RuleRecord {
  return {
    ruleId: rule.ruleId,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    source: sourceOf(rule) ?? '',
    ...(rule.description ? { description: rule.description } : {}),
  };
}

const sameSpec = (a: RuleSpec, b: RuleSpec) =>
  a.protocol === b.protocol &&
  a.fromPort === b.fromPort &&
  a.toPort === b.toPort &&
  a.source === b.source;
const unique = (items: string[]) => [...new Set(items)];
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
