import type { ActionContext } from '../define.js';
import type { InstanceView } from '../ec2-instance/read-instance.js';
import { isRegistered } from '../ec2-instance/target-groups.js';
import type { IsolateDetails, PreviousState } from './action.js';

/**
 * The details an earlier run of the same isolation recorded (the id tagged on the instance is
 * that run's remediation id), or undefined when the trail does not hold it.
 */
export async function earlierRun(
  context: ActionContext,
  isolationId: string,
): Promise<IsolateDetails | undefined> {
  const view = await context.audit.remediation(isolationId).catch(() => undefined);
  if (view?.operation !== 'isolateEc2Instance') return undefined;
  const details = view.details as IsolateDetails | undefined;
  return details?.previous ? details : undefined;
}

/**
 * What the release must put back. A rerun finishing an isolation starts from a half-isolated
 * instance, so whatever the first run recorded (read before it changed anything) wins over what
 * is read now; only interfaces it did not know come from the current reads.
 */
export function previousState(
  view: InstanceView,
  earlier: PreviousState | undefined,
): PreviousState {
  const now: PreviousState = {
    terminationProtection: view.terminationProtection,
    shutdownBehavior: view.shutdownBehavior,
    metadataEndpoint: view.metadata.httpEndpoint,
    interfaces: view.interfaces.map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      groupIds: eni.groups.map((g) => g.groupId),
    })),
    ...(view.profile
      ? {
          instanceProfile: {
            arn: view.profile.arn,
            name: view.profile.name,
            ...(view.profile.roleName ? { roleName: view.profile.roleName } : {}),
          },
        }
      : {}),
    ...(view.autoScaling
      ? {
          autoScalingGroup: {
            name: view.autoScaling.groupName,
            lifecycleState: view.autoScaling.lifecycleState,
          },
        }
      : {}),
    targets: view.targets.filter(isRegistered).map((t) => ({
      targetGroupArn: t.targetGroupArn,
      targetGroupName: t.targetGroupName,
      port: t.port,
    })),
  };
  if (!earlier) return now;
  return {
    ...earlier,
    interfaces: now.interfaces.map(
      (eni) =>
        earlier.interfaces.find((e) => e.networkInterfaceId === eni.networkInterfaceId) ?? eni,
    ),
  };
}
