import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  type EC2Client,
  type IpPermission,
  ModifyNetworkInterfaceAttributeCommand,
  paginateDescribeSecurityGroups,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { translateAwsError } from '../../aws/aws-error.js';
import { AwsCallError } from '../../errors.js';
import type { PlannedStep } from '../define.js';
import { ALL_TRAFFIC_GROUP, GROUP_TAG, ISOLATION_GROUP } from '../ec2-instance/names.js';
import type { InterfaceView } from '../ec2-instance/read-instance.js';

export interface FoundGroup {
  groupId: string;
  ingress: IpPermission[];
  egress: IpPermission[];
}

export interface IsolationGroups {
  isolation?: FoundGroup;
  allTraffic?: FoundGroup;
}

/** The two groups an isolation keeps in a VPC, found by their tag (created on first need). */
export async function findIsolationGroups(ec2: EC2Client, vpcId: string): Promise<IsolationGroups> {
  const found: IsolationGroups = {};
  try {
    const pages = paginateDescribeSecurityGroups(
      { client: ec2 },
      {
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: `tag:${GROUP_TAG}`, Values: [ISOLATION_GROUP.kind, ALL_TRAFFIC_GROUP.kind] },
        ],
      },
    );
    for await (const page of pages) {
      for (const group of page.SecurityGroups ?? []) {
        const kind = group.Tags?.find((tag) => tag.Key === GROUP_TAG)?.Value;
        const view = {
          groupId: group.GroupId ?? '',
          ingress: group.IpPermissions ?? [],
          egress: group.IpPermissionsEgress ?? [],
        };
        // Oldest id first would need creation times; any one of a kind serves, the first is kept.
        if (kind === ISOLATION_GROUP.kind) found.isolation ??= view;
        if (kind === ALL_TRAFFIC_GROUP.kind) found.allTraffic ??= view;
      }
    }
  } catch (error) {
    throw translateAwsError('ec2:DescribeSecurityGroups', error);
  }
  return found;
}

const ALL_V4: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6: IpPermission = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

const allows = (permissions: IpPermission[], wanted: IpPermission) =>
  permissions.some(
    (p) =>
      p.IpProtocol === '-1' &&
      (wanted.IpRanges
        ? p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0')
        : p.Ipv6Ranges?.some((r) => r.CidrIpv6 === '::/0')),
  );

interface NetworkPlan {
  steps: PlannedStep[];
  /** Read after the steps ran: the group ids, known once created. */
  groups: { isolation?: string; allTraffic?: string };
}

/**
 * Cuts the network of every interface, in two hops: first onto a group allowing all traffic in
 * and out (flows allowed to and from everywhere are untracked, so the connections the attacker
 * already holds stop being tracked), then onto the isolation group, which allows nothing; an
 * untracked flow is then dropped, where a tracked one would have survived the change. Interfaces
 * already on a hop are not moved back.
 */
export function networkSteps(
  ec2: EC2Client,
  vpcId: string,
  interfaces: InterfaceView[],
  found: IsolationGroups,
  done: string[],
): NetworkPlan {
  const groups: NetworkPlan['groups'] = {
    ...(found.isolation ? { isolation: found.isolation.groupId } : {}),
    ...(found.allTraffic ? { allTraffic: found.allTraffic.groupId } : {}),
  };
  const only = (eni: InterfaceView, id: string | undefined) =>
    id !== undefined && eni.groups.length === 1 && eni.groups[0]?.groupId === id;
  const toIsolate = interfaces.filter((eni) => !only(eni, found.isolation?.groupId));
  const firstHop = toIsolate.filter((eni) => !only(eni, found.allTraffic?.groupId));
  if (
    toIsolate.length === 0 &&
    (found.isolation?.ingress.length ?? 0) + (found.isolation?.egress.length ?? 0) === 0
  ) {
    return { steps: [], groups };
  }
  const create: PlannedStep[] = [];
  const rules: PlannedStep[] = [];
  if (!found.isolation) {
    create.push(
      createGroup(ec2, vpcId, ISOLATION_GROUP, (id) => {
        groups.isolation = id;
        done.push(`created isolation group ${id} in ${vpcId}`);
      }),
    );
    rules.push({
      action: 'ec2:RevokeSecurityGroupEgress',
      description: `Remove the allow-all outbound rule AWS gives every new group from the isolation group, so it allows nothing.`,
      batch: 'group-rules',
      execute: () => revokeEgress(ec2, () => groups.isolation, [ALL_V4]),
    });
  } else {
    const { groupId, ingress, egress } = found.isolation;
    if (ingress.length > 0) {
      rules.push({
        action: 'ec2:RevokeSecurityGroupIngress',
        description: `Remove the ${ingress.length} inbound permission(s) someone added to isolation group ${groupId}.`,
        batch: 'group-rules',
        execute: () =>
          run('ec2:RevokeSecurityGroupIngress', () =>
            ec2.send(
              new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress }),
            ),
          ),
      });
    }
    if (egress.length > 0) {
      rules.push({
        action: 'ec2:RevokeSecurityGroupEgress',
        description: `Remove the ${egress.length} outbound permission(s) of isolation group ${groupId}.`,
        batch: 'group-rules',
        execute: () => revokeEgress(ec2, () => groupId, egress),
      });
    }
  }
  if (firstHop.length > 0) {
    if (!found.allTraffic) {
      create.push(
        createGroup(ec2, vpcId, ALL_TRAFFIC_GROUP, (id) => {
          groups.allTraffic = id;
          done.push(`created all-traffic group ${id} in ${vpcId}`);
        }),
      );
    }
    const ingress = [ALL_V4, ALL_V6].filter((p) => !allows(found.allTraffic?.ingress ?? [], p));
    // A new group already allows all IPv4 traffic out.
    const egress = [...(found.allTraffic ? [ALL_V4] : []), ALL_V6].filter(
      (p) => !allows(found.allTraffic?.egress ?? [], p),
    );
    if (ingress.length > 0) {
      rules.push({
        action: 'ec2:AuthorizeSecurityGroupIngress',
        description:
          'Let all traffic into the all-traffic group (from anywhere, IPv4 and IPv6), which makes flows through it untracked.',
        batch: 'group-rules',
        execute: () =>
          run('ec2:AuthorizeSecurityGroupIngress', () =>
            ec2.send(
              new AuthorizeSecurityGroupIngressCommand({
                GroupId: groups.allTraffic,
                IpPermissions: ingress,
              }),
            ),
          ).catch(alreadySo('InvalidPermission.Duplicate')),
      });
    }
    if (egress.length > 0) {
      rules.push({
        action: 'ec2:AuthorizeSecurityGroupEgress',
        description: 'Let all traffic out of the all-traffic group (to anywhere, IPv4 and IPv6).',
        batch: 'group-rules',
        execute: () =>
          run('ec2:AuthorizeSecurityGroupEgress', () =>
            ec2.send(
              new AuthorizeSecurityGroupEgressCommand({
                GroupId: groups.allTraffic,
                IpPermissions: egress,
              }),
            ),
          ).catch(alreadySo('InvalidPermission.Duplicate')),
      });
    }
  }
  const move = (eni: InterfaceView, hop: 'hop-1' | 'hop-2'): PlannedStep => ({
    action: 'ec2:ModifyNetworkInterfaceAttribute',
    description:
      hop === 'hop-1'
        ? `Move interface ${eni.networkInterfaceId} (now in ${eni.groups.map((g) => g.groupName).join(', ')}) to the all-traffic group, so its existing connections become untracked.`
        : `Move interface ${eni.networkInterfaceId} to the isolation group: nothing in or out, and the untracked connections drop.`,
    batch: hop,
    execute: async () => {
      const target = hop === 'hop-1' ? groups.allTraffic : groups.isolation;
      await send('ec2:ModifyNetworkInterfaceAttribute', () =>
        ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: eni.networkInterfaceId,
            Groups: [target as string],
          }),
        ),
      );
      done.push(
        `${hop === 'hop-1' ? 'moved' : 'isolated'} interface ${eni.networkInterfaceId} ${hop === 'hop-1' ? `to all-traffic group ${target}` : `on isolation group ${target}`}`,
      );
    },
  });
  return {
    steps: [
      ...create,
      ...rules,
      ...firstHop.map((eni) => move(eni, 'hop-1')),
      ...toIsolate.map((eni) => move(eni, 'hop-2')),
    ],
    groups,
  };
}

function createGroup(
  ec2: EC2Client,
  vpcId: string,
  kind: typeof ISOLATION_GROUP | typeof ALL_TRAFFIC_GROUP,
  created: (groupId: string) => void,
): PlannedStep {
  return {
    action: 'ec2:CreateSecurityGroup',
    description: `Create the ${kind.kind === 'isolation' ? 'isolation group (no inbound, no outbound)' : 'all-traffic group (first hop)'} ${kind.name} in ${vpcId}, tagged ${GROUP_TAG}=${kind.kind} so later isolations reuse it.`,
    batch: 'create-groups',
    execute: async () => {
      const { GroupId } = await send('ec2:CreateSecurityGroup', () =>
        ec2.send(
          new CreateSecurityGroupCommand({
            GroupName: kind.name,
            Description: kind.description,
            VpcId: vpcId,
            TagSpecifications: [
              {
                ResourceType: 'security-group',
                Tags: [
                  { Key: GROUP_TAG, Value: kind.kind },
                  { Key: 'Name', Value: kind.name },
                ],
              },
            ],
          }),
        ),
      ).catch(async (error: unknown) => {
        // Another instance of the VPC was isolated at the same moment (another lock) and created
        // it first: reuse it, as a later isolation would, provided it is ours by its tag.
        if (!(error instanceof AwsCallError) || error.awsCode !== 'InvalidGroup.Duplicate') {
          throw error;
        }
        const { [kind === ISOLATION_GROUP ? 'isolation' : 'allTraffic']: found } =
          await findIsolationGroups(ec2, vpcId);
        if (!found) {
          throw new AwsCallError(
            'ec2:CreateSecurityGroup',
            'InvalidGroup.Duplicate',
            `A security group named ${kind.name} already exists in ${vpcId} without the tag ${GROUP_TAG}=${kind.kind}, so it cannot be trusted as the ${kind.kind} group. Rename it, or tag it if it is one, then run the same request again.`,
          );
        }
        return { GroupId: found.groupId };
      });
      created(GroupId ?? '');
    },
  };
}

async function revokeEgress(
  ec2: EC2Client,
  groupId: () => string | undefined,
  permissions: IpPermission[],
) {
  await send('ec2:RevokeSecurityGroupEgress', () =>
    ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: groupId(), IpPermissions: permissions }),
    ),
  ).catch(alreadySo('InvalidPermission.NotFound'));
}

/**
 * A rule step on a group a concurrent isolation may have set up first: a rule already gone
 * (NotFound on revoke) or already there (Duplicate on authorize) is the state the step wants.
 */
function alreadySo(code: string) {
  return (error: unknown) => {
    if (error instanceof AwsCallError && error.awsCode === code) return undefined;
    throw error;
  };
}

async function run(operation: string, call: () => Promise<unknown>): Promise<void> {
  await send(operation, call);
}

async function send<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(operation, error);
  }
}
