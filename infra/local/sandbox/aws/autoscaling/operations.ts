import type { Operation, QueryContext } from '../query.js';
import { QueryError, validationError } from '../query-error.js';
import { type AutoScalingGroup, type GroupInstance, groupsOf } from './state.js';

const groups = (context: QueryContext) =>
  groupsOf(context.world, context.accountId, context.region);

function groupByName(context: QueryContext, name: string | undefined): AutoScalingGroup {
  if (!name)
    throw validationError([
      "Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null",
    ]);
  const group = groups(context).get(name);
  if (!group) throw new QueryError('ValidationError', `AutoScalingGroup name not found - ${name}`);
  return group;
}

function instanceXml(group: AutoScalingGroup, instance: GroupInstance, withGroup: boolean) {
  return {
    InstanceId: instance.instanceId,
    InstanceType: instance.instanceType,
    AutoScalingGroupName: withGroup ? group.name : undefined,
    AvailabilityZone: instance.availabilityZone,
    LifecycleState: instance.lifecycleState,
    HealthStatus: instance.healthStatus,
    ProtectedFromScaleIn: instance.protectedFromScaleIn,
  };
}

/** Instances not in any group are simply left out of the answer, as AWS does. */
export const describeAutoScalingInstances: Operation = (context) => {
  const ids = context.params.strings('InstanceIds');
  const found = [...groups(context).values()].flatMap((group) =>
    group.instances
      .filter((instance) => ids.length === 0 || ids.includes(instance.instanceId))
      .map((instance) => instanceXml(group, instance, true)),
  );
  return { AutoScalingInstances: found };
};

export const describeAutoScalingGroups: Operation = (context) => {
  const names = context.params.strings('AutoScalingGroupNames');
  const found = [...groups(context).values()].filter(
    (group) => names.length === 0 || names.includes(group.name),
  );
  return {
    AutoScalingGroups: found.map((group) => ({
      AutoScalingGroupName: group.name,
      AutoScalingGroupARN: group.arn,
      MinSize: group.minSize,
      MaxSize: group.maxSize,
      DesiredCapacity: group.desiredCapacity,
      DefaultCooldown: 300,
      AvailabilityZones: group.availabilityZones,
      HealthCheckType: 'EC2',
      CreatedTime: group.createdTime,
      Instances: group.instances.map((instance) => instanceXml(group, instance, false)),
    })),
  };
};

function membersOf(
  context: QueryContext,
  group: AutoScalingGroup,
  wanted: GroupInstance['lifecycleState'],
) {
  const ids = context.params.strings('InstanceIds');
  return ids.map((id) => {
    const instance = group.instances.find((candidate) => candidate.instanceId === id);
    if (!instance) {
      throw new QueryError(
        'ValidationError',
        `The instance ${id} is not part of Auto Scaling group ${group.name}.`,
      );
    }
    if (instance.lifecycleState !== wanted) {
      throw new QueryError('ValidationError', `The instance ${id} is not in ${wanted}.`);
    }
    return instance;
  });
}

function activities(
  context: QueryContext,
  group: AutoScalingGroup,
  instances: GroupInstance[],
  verb: string,
) {
  return {
    Activities: instances.map((instance) => ({
      ActivityId: context.world.ids.ec2('act').slice(4),
      AutoScalingGroupName: group.name,
      Description: `${verb}: ${instance.instanceId}`,
      Cause: `At ${context.now.toISOString()} instance ${instance.instanceId} was ${verb === 'Moving EC2 instance to Standby' ? 'moved to standby' : 'moved out of standby'} in response to a user request.`,
      StartTime: context.now,
      StatusCode: 'InProgress',
      Progress: 50,
    })),
  };
}

/**
 * With ShouldDecrementDesiredCapacity the group's desired capacity drops by the instances put in
 * Standby, so it launches no replacement; the new capacity may not fall below the minimum.
 * Without it, AWS launches replacements (the sandbox only keeps the capacity).
 */
export const enterStandby: Operation = (context) => {
  const { params } = context;
  const group = groupByName(context, params.get('AutoScalingGroupName'));
  const decrement = params.get('ShouldDecrementDesiredCapacity');
  if (decrement === undefined) {
    throw validationError([
      "Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null",
    ]);
  }
  const instances = membersOf(context, group, 'InService');
  if (decrement === 'true') {
    const desired = group.desiredCapacity - instances.length;
    if (desired < group.minSize) {
      throw new QueryError(
        'ValidationError',
        `AutoScalingGroup ${group.name} has min-size=${group.minSize}, max-size=${group.maxSize}, and desired-capacity=${group.desiredCapacity}. To place into standby ${instances.length} instances, please update the AutoScalingGroup sizes appropriately.`,
      );
    }
    group.desiredCapacity = desired;
  }
  for (const instance of instances) instance.lifecycleState = 'Standby';
  return activities(context, group, instances, 'Moving EC2 instance to Standby');
};

/** Back in service raises the desired capacity again; it may not exceed the maximum. */
export const exitStandby: Operation = (context) => {
  const group = groupByName(context, context.params.get('AutoScalingGroupName'));
  const instances = membersOf(context, group, 'Standby');
  const desired = group.desiredCapacity + instances.length;
  if (desired > group.maxSize) {
    throw new QueryError(
      'ValidationError',
      `AutoScalingGroup ${group.name} has min-size=${group.minSize}, max-size=${group.maxSize}, and desired-capacity=${group.desiredCapacity}. To move ${instances.length} instances out of standby, please update the AutoScalingGroup sizes appropriately.`,
    );
  }
  group.desiredCapacity = desired;
  for (const instance of instances) instance.lifecycleState = 'InService';
  return activities(context, group, instances, 'Moving EC2 instance out of Standby');
};
