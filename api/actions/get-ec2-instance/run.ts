import type { ActionContext } from '../define.js';
import { isolationState } from '../ec2-instance/isolation-state.js';
import { readInstance } from '../ec2-instance/read-instance.js';
import { isRegistered } from '../ec2-instance/target-groups.js';
import { andList } from '../iam/words.js';
import { describeGroup, type GroupView } from '../security-group/describe-group.js';
import { describePorts, describeSource, isWorldOpen, sourceOf } from '../security-group/rules.js';
import type { GetEc2InstanceInput, GetEc2InstanceOutput } from './action.js';

/** The run of getEc2Instance, loaded on its first call; action.ts declares it. */
export async function runGetEc2Instance(
  context: ActionContext,
  input: GetEc2InstanceInput,
): Promise<GetEc2InstanceOutput> {
  const { accountId, region, instanceId } = input;
  const view = await readInstance(context.aws, accountId, region, instanceId);
  const empty = {
    accountId,
    region,
    instanceId,
    publicIps: [],
    networkInterfaces: [],
    metadataEndpoint: 'unknown',
    metadataTokensRequired: false,
    terminationProtection: false,
    shutdownBehavior: 'unknown',
    volumes: [],
    targetGroups: [],
    protected: false,
    isolated: false,
  };
  if (!view) {
    return {
      ...empty,
      found: false,
      summary: `There is no instance ${instanceId} in account ${accountId} in ${region}; check the instance id, the account and the Region.`,
    };
  }
  const ec2 = context.aws.ec2(accountId, region);
  const groupIds = [...new Set(view.interfaces.flatMap((eni) => eni.groups.map((g) => g.groupId)))];
  const groups = new Map<string, GroupView | undefined>();
  await Promise.all(
    groupIds.map(async (id) => {
      groups.set(id, await describeGroup(ec2, id));
    }),
  );
  const openOf = (groupId: string) => [
    ...new Set(
      (groups.get(groupId)?.ingress ?? [])
        .filter(isWorldOpen)
        .map((rule) => `${describePorts(rule)} from ${describeSource(sourceOf(rule))}`),
    ),
  ];
  const isolation = isolationState(view, groups);
  const isProtected = context.config.protectedTagKey in view.tags;
  const label = `Instance ${view.name ? `${view.name} (${instanceId})` : instanceId}`;
  const publicIps = view.interfaces.flatMap((eni) => (eni.publicIp ? [eni.publicIp] : []));
  const exposed = [...new Set(groupIds.flatMap(openOf))];
  const sentences = [
    `${label} is ${view.state} in ${view.vpcId}${publicIps.length ? ` with public address ${andList(publicIps)}` : ' with no public address'}.`,
    exposed.length
      ? `Its security groups let anyone on the internet reach ${andList(exposed)}.`
      : 'Nothing in its security groups is open to the internet.',
    view.profile
      ? `It gets credentials of role ${view.profile.roleName ?? 'unknown'} through instance profile ${view.profile.name}.`
      : 'It has no instance profile, so no role credentials.',
    view.autoScaling
      ? `It belongs to Auto Scaling group ${view.autoScaling.groupName} (${view.autoScaling.lifecycleState}).`
      : '',
    view.targets.filter(isRegistered).length
      ? `Load balancers send it traffic through ${andList(view.targets.filter(isRegistered).map((t) => `${t.targetGroupName} on port ${t.port}`))}.`
      : '',
    isolation.isolated
      ? 'It is isolated: no network traffic, no credentials, out of its load balancers and Auto Scaling group.'
      : isolation.isolationId
        ? `An isolation (${isolation.isolationId}) started on it but is not complete: ${andList(isolation.missing)}. Ask to isolate it again to finish.`
        : 'It is not isolated; if it is compromised, ask to isolate it.',
    isProtected
      ? `It is protected (tag ${context.config.protectedTagKey}) and will not be changed by this API.`
      : '',
  ];
  return {
    ...empty,
    found: true,
    summary: sentences.filter(Boolean).join(' '),
    ...(view.name ? { name: view.name } : {}),
    state: view.state,
    vpcId: view.vpcId,
    publicIps,
    networkInterfaces: view.interfaces.map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      deviceIndex: eni.deviceIndex,
      ...(eni.privateIp ? { privateIp: eni.privateIp } : {}),
      ...(eni.publicIp ? { publicIp: eni.publicIp } : {}),
      securityGroups: eni.groups.map((g) => ({ ...g, openToTheInternet: openOf(g.groupId) })),
    })),
    ...(view.profile
      ? {
          instanceProfile: {
            name: view.profile.name,
            ...(view.profile.roleName ? { roleName: view.profile.roleName } : {}),
          },
        }
      : {}),
    metadataEndpoint: view.metadata.httpEndpoint,
    metadataTokensRequired: view.metadata.httpTokens === 'required',
    terminationProtection: view.terminationProtection,
    shutdownBehavior: view.shutdownBehavior,
    volumes: view.volumes.map((v) => `${v.volumeId} on ${v.device}`),
    ...(view.autoScaling
      ? {
          autoScalingGroup: {
            name: view.autoScaling.groupName,
            lifecycleState: view.autoScaling.lifecycleState,
          },
        }
      : {}),
    targetGroups: view.targets.map((t) => `${t.targetGroupName} port ${t.port} (${t.state})`),
    protected: isProtected,
    isolated: isolation.isolated,
    ...(isolation.isolationId ? { isolationId: isolation.isolationId } : {}),
  };
}
