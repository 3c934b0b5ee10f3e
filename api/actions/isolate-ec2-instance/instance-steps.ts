import { EnterStandbyCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { DeregisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError, translateAwsError } from '../../aws/aws-error.js';
import type { MemberAccountClients } from '../../aws/clients.js';
import type { PlannedStep } from '../define.js';
import { ISOLATED_AT_TAG, ISOLATION_TAG, TICKET_TAG } from '../ec2-instance/names.js';
import type { InstanceView } from '../ec2-instance/read-instance.js';
import { isRegistered } from '../ec2-instance/target-groups.js';

interface Where {
  aws: MemberAccountClients;
  accountId: string;
  region: string;
  now: () => Date;
}

/** Tags first, so anyone looking at the instance from here on sees it is being isolated. */
export function tagStep(
  where: Where,
  view: InstanceView,
  isolation: { id: string; ticket: string },
  done: string[],
): PlannedStep[] {
  if (view.tags[ISOLATION_TAG]) return [];
  return [
    {
      action: 'ec2:CreateTags',
      description: `Tag the instance ${ISOLATION_TAG}=${isolation.id}, ${TICKET_TAG}=${isolation.ticket} and ${ISOLATED_AT_TAG} with the time.`,
      execute: async () => {
        await call('ec2:CreateTags', () =>
          where.aws.ec2(where.accountId, where.region).send(
            new CreateTagsCommand({
              Resources: [view.instanceId],
              Tags: [
                { Key: ISOLATION_TAG, Value: isolation.id },
                { Key: TICKET_TAG, Value: isolation.ticket },
                { Key: ISOLATED_AT_TAG, Value: where.now().toISOString() },
              ],
            }),
          ),
        );
        done.push(`tagged the instance with isolation ${isolation.id}`);
      },
    },
  ];
}

/** Evidence must survive: nobody terminates it through the API, and a shutdown only stops it. */
export function attributeSteps(where: Where, view: InstanceView, done: string[]): PlannedStep[] {
  const ec2 = () => where.aws.ec2(where.accountId, where.region);
  const steps: PlannedStep[] = [];
  if (!view.terminationProtection) {
    steps.push({
      action: 'ec2:ModifyInstanceAttribute',
      description: 'Turn on termination protection.',
      batch: 'attributes',
      execute: async () => {
        await call('ec2:ModifyInstanceAttribute', () =>
          ec2().send(
            new ModifyInstanceAttributeCommand({
              InstanceId: view.instanceId,
              DisableApiTermination: { Value: true },
            }),
          ),
        );
        done.push('turned on termination protection');
      },
    });
  }
  if (view.shutdownBehavior !== 'stop') {
    steps.push({
      action: 'ec2:ModifyInstanceAttribute',
      description: `Make a shutdown from inside the instance stop it instead of ${view.shutdownBehavior === 'terminate' ? 'terminating it' : view.shutdownBehavior}.`,
      batch: 'attributes',
      execute: async () => {
        await call('ec2:ModifyInstanceAttribute', () =>
          ec2().send(
            new ModifyInstanceAttributeCommand({
              InstanceId: view.instanceId,
              InstanceInitiatedShutdownBehavior: { Value: 'stop' },
            }),
          ),
        );
        done.push('set the shutdown behaviour to stop');
      },
    });
  }
  return steps;
}

/**
 * Out of the load balancers and out of the Auto Scaling group's care, together: Standby with the
 * desired capacity lowered, so the group neither replaces nor terminates the instance.
 */
export function trafficSteps(where: Where, view: InstanceView, done: string[]): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const group = view.autoScaling;
  if (group?.lifecycleState === 'InService') {
    steps.push({
      action: 'autoscaling:EnterStandby',
      description: `Move the instance to Standby in Auto Scaling group ${group.groupName}, lowering its desired capacity by one, so the group neither replaces nor terminates it.`,
      batch: 'traffic',
      execute: async () => {
        await call('autoscaling:EnterStandby', () =>
          where.aws.autoScaling(where.accountId, where.region).send(
            new EnterStandbyCommand({
              AutoScalingGroupName: group.groupName,
              InstanceIds: [view.instanceId],
              ShouldDecrementDesiredCapacity: true,
            }),
          ),
        );
        done.push(`moved the instance to Standby in ${group.groupName}`);
      },
    });
  }
  for (const target of view.targets.filter(isRegistered)) {
    steps.push({
      action: 'elasticloadbalancing:DeregisterTargets',
      description: `Deregister the instance from target group ${target.targetGroupName} (port ${target.port}).`,
      batch: 'traffic',
      execute: async () => {
        try {
          await where.aws.elbv2(where.accountId, where.region).send(
            new DeregisterTargetsCommand({
              TargetGroupArn: target.targetGroupArn,
              Targets: [{ Id: view.instanceId, Port: target.port }],
            }),
          );
        } catch (error) {
          // The Auto Scaling group may have deregistered it on entering Standby: already done.
          if (!isAwsError(error, 'InvalidTarget'))
            throw translateAwsError('elasticloadbalancing:DeregisterTargets', error);
        }
        done.push(`deregistered the instance from ${target.targetGroupName} port ${target.port}`);
      },
    });
  }
  return steps;
}

export async function call(operation: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    throw translateAwsError(operation, error);
  }
}
