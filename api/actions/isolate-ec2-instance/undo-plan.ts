import { ExitStandbyCommand } from '@aws-sdk/client-auto-scaling';
import {
  AssociateIamInstanceProfileCommand,
  DeleteTagsCommand,
  ModifyInstanceAttributeCommand,
  ModifyInstanceMetadataOptionsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { translateAwsError } from '../../aws/aws-error.js';
import type { ActionContext, Plan, PlannedStep, UndoDetails, UndoSource } from '../define.js';
import { existingDeny } from '../ec2-instance/instance-deny.js';
import { denyPolicyName, INSTANCE_TAGS } from '../ec2-instance/names.js';
import { readInstance } from '../ec2-instance/read-instance.js';
import { isRegistered } from '../ec2-instance/target-groups.js';
import { removeItem } from '../iam/retry.js';
import { andList, count } from '../iam/words.js';
import type { IsolateDetails, IsolateInput } from './action.js';

/** The plan of the release of isolateEc2Instance, loaded on its first call; undo.ts declares it. */
export async function planRelease(
  context: ActionContext,
  source: UndoSource<IsolateInput, IsolateDetails>,
): Promise<Plan<UndoDetails>> {
  const { accountId, region, instanceId } = source.input;
  const details: UndoDetails = { restored: [], removed: [], cannotRestore: [], notes: [] };
  const undone = `isolation ${source.remediationId}`;
  const recorded = source.details;
  const previous = recorded?.previous;
  const view = await readInstance(context.aws, accountId, region, instanceId);
  if (!view) {
    return {
      status: 'failed',
      summary: `Instance ${instanceId} no longer exists in account ${accountId} in ${region}, so ${undone} cannot be released. Its evidence snapshots remain.`,
      details,
    };
  }
  const label = view.name ? `instance ${view.name} (${instanceId})` : `instance ${instanceId}`;
  const protectedBy = context.config.protectedTagKey;
  if (protectedBy in view.tags) {
    return {
      status: 'refused',
      summary: `The ${label} is now protected by the tag "${protectedBy}", so this API will not change it, not even to release ${undone}.`,
      details,
    };
  }
  if (!previous) {
    return {
      status: 'failed',
      summary: `The record of ${undone} holds no state from before it, so there is nothing to put back on the ${label}.`,
      details,
    };
  }
  const snapshots = recorded?.snapshots ?? [];
  if (snapshots.length) {
    details.notes.push(
      `The evidence snapshots ${andList(snapshots.map((s) => s.snapshotId))} are kept; delete them only once the investigation and any legal hold allow (IR-06).`,
    );
  }
  const ec2 = context.aws.ec2(accountId, region);
  const ours = new Set(
    [recorded?.isolationGroupId, recorded?.allTrafficGroupId].filter((id): id is string => !!id),
  );
  const restored: string[] = [];
  const removed: string[] = [];
  const steps: PlannedStep[] = [];
  const step = (
    action: string,
    description: string,
    work: () => Promise<unknown>,
    result: { restored?: string; removed?: string },
    batch?: string,
  ) => {
    steps.push({
      action,
      description,
      ...(batch ? { batch } : {}),
      execute: async () => {
        try {
          await work();
        } catch (error) {
          throw translateAwsError(action, error);
        }
        if (result.restored) restored.push(result.restored);
        if (result.removed) removed.push(result.removed);
      },
    });
    if (result.restored) details.restored.push(result.restored);
    if (result.removed) details.removed.push(result.removed);
  };

  // Credentials first: the instance's workload needs them as soon as it has a network again.
  const profile = previous.instanceProfile;
  if (profile && !view.profile) {
    step(
      'ec2:AssociateIamInstanceProfile',
      `Associate instance profile ${profile.name} with the instance again.`,
      () =>
        ec2.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: instanceId,
            IamInstanceProfile: { Arn: profile.arn },
          }),
        ),
      { restored: `instance profile ${profile.name}` },
    );
  }
  const roleName = recorded?.denyPolicy?.roleName ?? profile?.roleName;
  if (roleName && (await existingDeny(context.aws.iam(accountId), roleName, view.arn))) {
    const policyName = denyPolicyName(instanceId);
    step(
      'iam:DeleteRolePolicy',
      `Delete inline policy ${policyName} from role ${roleName}, which denied this instance's older credentials.`,
      () =>
        removeItem('iam:DeleteRolePolicy', () =>
          context.aws
            .iam(accountId)
            .send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
        ),
      { removed: `the deny ${policyName} on role ${roleName}` },
    );
  }
  if (previous.metadataEndpoint === 'enabled' && view.metadata.httpEndpoint === 'disabled') {
    step(
      'ec2:ModifyInstanceMetadataOptions',
      'Turn the instance metadata endpoint back on.',
      () =>
        ec2.send(
          new ModifyInstanceMetadataOptionsCommand({
            InstanceId: instanceId,
            HttpEndpoint: 'enabled',
          }),
        ),
      { restored: 'the instance metadata endpoint (on)' },
    );
  }

  for (const eni of view.interfaces) {
    const before = previous.interfaces.find((e) => e.networkInterfaceId === eni.networkInterfaceId);
    const now = eni.groups.map((g) => g.groupId);
    if (!before || same(now, before.groupIds)) continue;
    if (!now.every((id) => ours.has(id))) {
      details.notes.push(
        `Interface ${eni.networkInterfaceId} is on ${andList(now)} now, not on the isolation's groups: someone changed it after the isolation, so it is left as it is.`,
      );
      continue;
    }
    step(
      'ec2:ModifyNetworkInterfaceAttribute',
      `Put interface ${eni.networkInterfaceId} back on ${andList(before.groupIds)}.`,
      () =>
        ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: eni.networkInterfaceId,
            Groups: before.groupIds,
          }),
        ),
      { restored: `interface ${eni.networkInterfaceId} on ${andList(before.groupIds)}` },
      'interfaces',
    );
  }

  const group = previous.autoScalingGroup;
  if (group?.lifecycleState === 'InService' && view.autoScaling?.lifecycleState === 'Standby') {
    step(
      'autoscaling:ExitStandby',
      `Take the instance out of Standby in ${group.name} (its desired capacity goes back up by one).`,
      () =>
        context.aws
          .autoScaling(accountId, region)
          .send(
            new ExitStandbyCommand({ AutoScalingGroupName: group.name, InstanceIds: [instanceId] }),
          ),
      { restored: `in service in Auto Scaling group ${group.name}` },
      'traffic',
    );
  }
  for (const target of previous.targets) {
    const current = view.targets.find(
      (t) => t.targetGroupArn === target.targetGroupArn && t.port === target.port,
    );
    if (current && isRegistered(current)) continue;
    step(
      'elasticloadbalancing:RegisterTargets',
      `Register the instance with target group ${target.targetGroupName} on port ${target.port} again.`,
      () =>
        context.aws.elbv2(accountId, region).send(
          new RegisterTargetsCommand({
            TargetGroupArn: target.targetGroupArn,
            Targets: [{ Id: instanceId, Port: target.port }],
          }),
        ),
      { restored: `registered with ${target.targetGroupName} on port ${target.port}` },
      'traffic',
    );
  }

  if (view.terminationProtection !== previous.terminationProtection) {
    step(
      'ec2:ModifyInstanceAttribute',
      `Turn termination protection ${previous.terminationProtection ? 'on' : 'off'} as it was.`,
      () =>
        ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: instanceId,
            DisableApiTermination: { Value: previous.terminationProtection },
          }),
        ),
      { restored: `termination protection ${previous.terminationProtection ? 'on' : 'off'}` },
      'attributes',
    );
  }
  if (view.shutdownBehavior !== previous.shutdownBehavior) {
    step(
      'ec2:ModifyInstanceAttribute',
      `Set the shutdown behaviour back to ${previous.shutdownBehavior}.`,
      () =>
        ec2.send(
          new ModifyInstanceAttributeCommand({
            InstanceId: instanceId,
            InstanceInitiatedShutdownBehavior: { Value: previous.shutdownBehavior },
          }),
        ),
      { restored: `shutdown behaviour ${previous.shutdownBehavior}` },
      'attributes',
    );
  }
  const tags = INSTANCE_TAGS.filter((key) => key in view.tags);
  if (tags.length) {
    step(
      'ec2:DeleteTags',
      `Remove the isolation tags (${tags.join(', ')}) from the instance.`,
      () =>
        ec2.send(
          new DeleteTagsCommand({ Resources: [instanceId], Tags: tags.map((Key) => ({ Key })) }),
        ),
      { removed: 'the isolation tags' },
    );
  }

  if (steps.length === 0) {
    return {
      status: 'compliant',
      summary: `Nothing of ${undone} is left to release on the ${label}: it is already as it was before.`,
      details,
    };
  }
  return {
    status: 'changes',
    summary: `Would release the ${label} from ${undone}: ${andList(details.restored.slice(0, 6))}${details.restored.length > 6 ? ' and more' : ''}. The evidence snapshots stay.`,
    steps,
    details,
    report(completed) {
      const after = { ...details, restored, removed };
      const summary =
        completed === steps.length
          ? `Released the ${label} from ${undone}: ${count(restored.length, 'setting')} put back (${andList(restored)})${removed.length ? `, and removed ${andList(removed)}` : ''}. The evidence snapshots stay.`
          : `The release of the ${label} is not finished: ${completed} of ${steps.length} steps were done before one failed. Run the same undo again to finish.`;
      return { summary, details: after };
    },
  };
}

const same = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
