import { Check } from 'typebox/schema';
import { groupRefusal } from '../../auth/authorize.js';
import {
  describeRef,
  type Finding,
  type FindingRef,
  readFinding,
  writeBack,
} from '../../aws/security-hub-findings.js';
import { AwsCallError } from '../../errors.js';
import { targetRefusal } from '../../pipeline/words.js';
import type { ActionContext, Decision, Plan, Target, WriteAction } from '../define.js';
import { findAction } from '../registry.js';
import { describeGroup } from '../security-group/describe-group.js';
import { coversPort, isWorldOpen, WORLD_IPV4, WORLD_IPV6 } from '../security-group/rules.js';
import { findingRef, type RemediateFindingDetails, type RemediateFindingInput } from './action.js';
import {
  CAN_FIX,
  CONTROL_PORTS,
  foreignAccountOf,
  type Remedy,
  remedyFor,
  targetOf,
} from './mapping.js';
import { type SubPlan, sequence } from './sequence.js';

type Details = RemediateFindingDetails;

const OPERATION: Record<Remedy['kind'], string> = {
  ports: 'closeSecurityGroupPort',
  user: 'revokeIamUserCredentials',
  instance: 'isolateEc2Instance',
};

/** The resource the finding is about, so the allow-list and the lock are the direct call's. */
export async function locateFinding(
  context: ActionContext,
  input: RemediateFindingInput,
): Promise<Target | Decision> {
  const ref = findingRef(input);
  let finding: Finding | undefined;
  try {
    finding = await readFinding(await context.aws.securityHub(), ref);
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    return { status: 'failed', summary: securityHubFailure(error) };
  }
  if (!finding) return notFound(ref);
  const remedy = remedyFor(finding);
  if (remedy) return targetOf(remedy);
  return {
    accountId: finding.accountId || 'unknown',
    ...(finding.region ? { region: finding.region } : {}),
    resourceType: 'finding',
    resourceId: describeRef(ref),
  };
}

/** Fresh reads of the finding and of the resource, then the mapped operation's own plan. */
export async function planRemediateFinding(
  context: ActionContext,
  input: RemediateFindingInput,
): Promise<Plan<Details>> {
  const ref = findingRef(input);
  const hub = await context.aws.securityHub();
  const finding = await readFinding(hub, ref);
  const details: Details = { finding: { id: describeRef(ref) }, runs: [], notes: [] };
  if (!finding) return { ...notFound(ref), details };
  details.finding = {
    id: describeRef(ref),
    ...(finding.title ? { title: finding.title } : {}),
    ...(finding.control ? { control: finding.control } : {}),
  };
  if (finding.resolved) {
    return {
      status: 'compliant',
      summary: `Finding ${describeRef(ref)} is already resolved in Security Hub; nothing was changed.`,
      details,
    };
  }
  // A dry run changes nothing, the finding included: only real requests are written back.
  const notify = async (summary: string, status: 'NOTIFIED' | 'RESOLVED' = 'NOTIFIED') => {
    if (input.dryRun) return '';
    try {
      await writeBack(
        hub,
        ref,
        status,
        `${summary} (remediation ${context.remediationId}, requested by ${context.requester.name})`,
        context.requester.name,
      );
      details.findingStatus = status;
      return ` The finding is marked ${status} in Security Hub.`;
    } catch (error) {
      context.log.warn({ err: error }, 'could not write back to the finding');
      return ` The finding could not be updated in Security Hub (${error instanceof AwsCallError ? error.awsCode : 'error'}).`;
    }
  };
  const foreign = foreignAccountOf(finding);
  if (foreign) {
    const summary = `Finding ${describeRef(ref)} is about account ${finding.accountId} but names a resource in account ${foreign}; a finding is trusted to name resources of its own account only, so nothing was changed.`;
    return { status: 'refused', summary: summary + (await notify(summary)), details };
  }
  const remedy = remedyFor(finding);
  // The finding is read again here: what it names now must still be where this API may act.
  const outside = remedy
    ? targetRefusal(context.config, targetOf(remedy), await context.aws.allowedAccounts())
    : undefined;
  if (outside) return { status: 'refused', summary: outside, details };
  const action = remedy ? findAction(OPERATION[remedy.kind]) : undefined;
  if (!remedy || action?.kind !== 'write') {
    const summary = `This API has no remediation for finding "${finding.title || describeRef(ref)}"${finding.control ? ` (control ${finding.control})` : ''}. ${CAN_FIX}`;
    return {
      status: 'refused',
      summary: summary + (await notify('No remediation offered by this API')),
      details,
    };
  }
  details.operation = action.name;
  // The same door checks as the direct call: a person's groups, and a ticket where it needs one.
  const refusal =
    groupRefusal(context.config, action, context.requester) ??
    (action.requiresTicket && !input.dryRun && !input.ticket
      ? `${action.name} cannot be undone, so it needs the incident ticket: send the ticket with this request.`
      : undefined);
  if (refusal) return { status: 'refused', summary: refusal + (await notify(refusal)), details };
  const inputs = await inputsFor(context, remedy, input);
  if ('refused' in inputs) {
    return { status: 'refused', summary: inputs.refused + (await notify(inputs.refused)), details };
  }
  const invalid = inputs.find((candidate) => !Check(action.input, candidate));
  if (invalid) {
    const summary = `${action.name} in this deployment takes other input than the finding provides, so it was not run. ${CAN_FIX}`;
    return { status: 'refused', summary: summary + (await notify(summary)), details };
  }
  if (inputs.length === 0) {
    const summary = `The security group no longer leaves the ports control ${finding.control} names open to the internet.`;
    const status = await notify(`Already compliant when checked`, 'RESOLVED');
    return { status: 'compliant', summary: summary + status, details };
  }
  const plans: SubPlan[] = [];
  for (const subInput of inputs)
    plans.push({ input: subInput, plan: await action.plan(context, subInput) });
  const stopped = plans.find(({ plan }) => plan.status === 'refused' || plan.status === 'failed');
  if (stopped) {
    details.runs = [
      {
        input: stopped.input,
        outcome: stopped.plan.status,
        summary: stopped.plan.summary,
        details: toRecord(stopped.plan.details),
      },
    ];
    if (stopped.plan.status === 'failed')
      return { status: 'failed', summary: stopped.plan.summary, details };
    return {
      status: 'refused',
      summary: stopped.plan.summary + (await notify(stopped.plan.summary)),
      details,
    };
  }
  const changing = plans.filter(({ plan }) => plan.status === 'changes');
  if (changing.length === 0) {
    const summary = plans.map(({ plan }) => plan.summary).join(' ');
    const status = await notify('Already compliant when checked', 'RESOLVED');
    return { status: 'compliant', summary: summary + status, details };
  }
  const combined = sequence(context, action as WriteAction, changing, details, {
    action:
      ref.kind === 'asff' ? 'securityhub:BatchUpdateFindings' : 'securityhub:BatchUpdateFindingsV2',
    description: `Mark finding ${describeRef(ref)} RESOLVED in Security Hub, with a note naming this remediation and who asked.`,
    execute: async () => {
      await writeBack(
        hub,
        ref,
        'RESOLVED',
        `Remediated by remediation ${context.remediationId} (${action.name}), requested by ${context.requester.name}${input.ticket ? `, ticket ${input.ticket}` : ''}.`,
        context.requester.name,
      );
      details.findingStatus = 'RESOLVED';
    },
    onIncomplete: async () => {
      await writeBack(
        hub,
        ref,
        'NOTIFIED',
        `Remediation ${context.remediationId} (${action.name}), requested by ${context.requester.name}, did not finish; sending the same request again finishes it.`,
        context.requester.name,
      ).catch((error) => context.log.warn({ err: error }, 'could not write back to the finding'));
    },
  });
  return combined;
}

/** One input per port (or one for the principal), with the request's own write fields. */
async function inputsFor(
  context: ActionContext,
  remedy: Remedy,
  input: RemediateFindingInput,
): Promise<Array<Record<string, unknown>> | { refused: string }> {
  const write = {
    ...(input.dryRun !== undefined ? { dryRun: input.dryRun } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.ticket ? { ticket: input.ticket } : {}),
  };
  if (remedy.kind === 'user')
    return [{ accountId: remedy.accountId, userName: remedy.userName, ...write }];
  if (remedy.kind === 'instance') {
    return [
      {
        accountId: remedy.accountId,
        region: remedy.region,
        instanceId: remedy.instanceId,
        ...write,
      },
    ];
  }
  const control = CONTROL_PORTS[remedy.control] as (typeof CONTROL_PORTS)[string];
  const base = { accountId: remedy.accountId, region: remedy.region, groupId: remedy.groupId };
  const group = await describeGroup(
    context.aws.ec2(remedy.accountId, remedy.region),
    remedy.groupId,
  );
  // A missing group, and a protected one, are answered by closeSecurityGroupPort's own plan.
  if (!group || context.config.protectedTagKey in group.tags) {
    return [{ ...base, port: control.ports[0], ...write }];
  }
  const source =
    control.family === 'ipv4' ? WORLD_IPV4 : control.family === 'ipv6' ? WORLD_IPV6 : undefined;
  const open = group.ingress.filter(
    (rule) =>
      isWorldOpen(rule) && (!source || rule.cidrIpv4 === source || rule.cidrIpv6 === source),
  );
  return control.ports
    .filter((port) => open.some((rule) => coversPort(rule, port)))
    .map((port) => ({ ...base, port, ...write }));
}

function notFound(ref: FindingRef): Decision {
  return {
    status: 'failed',
    summary: `Security Hub has no finding ${describeRef(ref)}${ref.kind === 'asff' ? ` from product ${ref.productArn}` : ''}. Check the id (and the product ARN) as the finding shows them.`,
  };
}

function securityHubFailure(error: AwsCallError): string {
  return `Security Hub did not answer (${error.operation}: ${error.awsCode}), so nothing was done. Try again in a minute; if it keeps failing, tell the team that runs this API.`;
}

function toRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
