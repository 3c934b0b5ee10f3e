import type { ActionContext } from '../define.js';
import { describeGroup } from '../security-group/describe-group.js';
import {
  administrativePortsIn,
  describePorts,
  describeSource,
  isWorldOpen,
  sourceOf,
} from '../security-group/rules.js';
import type { GetSecurityGroupInput, GetSecurityGroupOutput } from './action.js';

/** The run of getSecurityGroup, loaded on its first call; get-security-group.ts declares it. */
export async function runGetSecurityGroup(
  context: ActionContext,
  input: GetSecurityGroupInput,
): Promise<GetSecurityGroupOutput> {
  const group = await describeGroup(context.aws.ec2(input.accountId, input.region), input.groupId);
  const base = { accountId: input.accountId, region: input.region, groupId: input.groupId };
  if (!group) {
    return {
      ...base,
      summary: `Security group ${input.groupId} does not exist in account ${input.accountId} in ${input.region}.`,
      found: false,
      protected: false,
      worldOpenRules: [],
      ruleCount: 0,
    };
  }
  const open = group.ingress.filter(isWorldOpen).map((rule) => ({
    ruleId: rule.ruleId,
    reach: describePorts(rule),
    source: describeSource(sourceOf(rule)),
    ...(rule.description ? { description: rule.description } : {}),
    administrativePorts: administrativePortsIn(rule),
  }));
  const isProtected = context.config.protectedTagKey in group.tags;
  const adminPorts = [...new Set(open.flatMap((rule) => rule.administrativePorts))];
  const name = `${group.groupName} (${group.groupId})`;
  const exposure =
    open.length === 0
      ? `${name} has no inbound rule open to the internet.`
      : `${name} lets anyone on the internet reach ${[...new Set(open.map((rule) => rule.reach))].join(', ')}.`;
  const verdict =
    adminPorts.length > 0
      ? ` That exposes administrative port${adminPorts.length > 1 ? 's' : ''} ${adminPorts.join(', ')}, which the network policy forbids; ask to close ${adminPorts.map((p) => `port ${p}`).join(', then ')} to fix it.`
      : '';
  const protection = isProtected
    ? ` The group is protected (tag ${context.config.protectedTagKey}) and will not be changed by this API.`
    : '';
  return {
    ...base,
    summary: `${exposure}${verdict}${protection}`,
    found: true,
    groupName: group.groupName,
    ...(group.vpcId ? { vpcId: group.vpcId } : {}),
    protected: isProtected,
    worldOpenRules: open,
    ruleCount: group.ingress.length,
  };
}
