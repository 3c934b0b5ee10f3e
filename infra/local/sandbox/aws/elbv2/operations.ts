import { computeOf } from '../ec2/compute/state.js';
import type { QueryParams } from '../params.js';
import type { Operation, QueryContext } from '../query.js';
import { QueryError, validationError } from '../query-error.js';
import { type TargetGroup, targetGroupsOf } from './state.js';

const groups = (context: QueryContext) =>
  targetGroupsOf(context.world, context.accountId, context.region);

const notFound = () => new QueryError('TargetGroupNotFound', 'One or more target groups not found');

function groupByArn(context: QueryContext, arn: string | undefined): TargetGroup {
  if (!arn)
    throw validationError([
      "Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
    ]);
  const group = groups(context).get(arn);
  if (!group) throw notFound();
  return group;
}

/** Pages by a marker naming the last ARN returned; PageSize 1..400, all at once without it. */
export const describeTargetGroups: Operation = (context) => {
  const { params } = context;
  const arns = params.strings('TargetGroupArns');
  const names = params.strings('Names');
  const loadBalancerArn = params.get('LoadBalancerArn');
  if (
    [arns.length > 0, names.length > 0, loadBalancerArn !== undefined].filter(Boolean).length > 1
  ) {
    throw new QueryError(
      'ValidationError',
      'Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time',
    );
  }
  const all = [...groups(context).values()];
  let found = all;
  if (arns.length > 0) found = arns.map((arn) => groupByArn(context, arn));
  if (names.length > 0) {
    found = names.map((name) => {
      const group = all.find((candidate) => candidate.name === name);
      if (!group) throw notFound();
      return group;
    });
  }
  if (loadBalancerArn !== undefined) {
    found = all.filter((group) => group.loadBalancerArns.includes(loadBalancerArn));
  }
  const pageSize = params.int('PageSize') ?? context.defaultPageSize;
  if (pageSize !== undefined && (pageSize < 1 || pageSize > 400)) {
    throw validationError([
      `Value '${pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
    ]);
  }
  const sorted = [...found].sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const marker = params.get('Marker');
  const start = marker ? sorted.findIndex((group) => group.arn > readMarker(marker)) : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = pageSize === undefined ? rest : rest.slice(0, pageSize);
  const last = page.at(-1);
  return {
    TargetGroups: page.map((group) => ({
      TargetGroupArn: group.arn,
      TargetGroupName: group.name,
      Protocol: group.protocol,
      Port: group.port,
      VpcId: group.vpcId,
      HealthCheckProtocol: group.protocol,
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      TargetType: group.targetType,
      LoadBalancerArns: group.loadBalancerArns,
    })),
    NextMarker:
      rest.length > page.length && last ? Buffer.from(last.arn).toString('base64url') : undefined,
  };
};

function readMarker(marker: string): string {
  const arn = Buffer.from(marker, 'base64url').toString();
  if (!arn.startsWith('arn:aws:elasticloadbalancing:'))
    throw new QueryError('ValidationError', 'Invalid Marker');
  return arn;
}

interface TargetSpec {
  id: string;
  port?: number;
}

function readTargets(params: QueryParams, required: boolean): TargetSpec[] {
  const targets = params.list('Targets').map((target) => ({
    id: target.get('Id') ?? '',
    ...(target.int('Port') !== undefined ? { port: target.int('Port') } : {}),
  }));
  if (required && targets.length === 0) {
    throw validationError([
      "Value null at 'targets' failed to satisfy constraint: Member must not be null",
    ]);
  }
  return targets;
}

export const describeTargetHealth: Operation = (context) => {
  const group = groupByArn(context, context.params.get('TargetGroupArn'));
  const asked = readTargets(context.params, false);
  const described =
    asked.length === 0
      ? group.targets
      : asked.map((spec) => {
          const port = spec.port ?? group.port;
          return (
            group.targets.find((target) => target.id === spec.id && target.port === port) ?? {
              id: spec.id,
              port,
              state: 'unused' as const,
            }
          );
        });
  return {
    TargetHealthDescriptions: described.map((target) => ({
      Target: { Id: target.id, Port: target.port },
      HealthCheckPort: String(target.port),
      TargetHealth: {
        State: target.state,
        Reason:
          target.state === 'draining'
            ? 'Target.DeregistrationInProgress'
            : target.state === 'unused'
              ? 'Target.NotRegistered'
              : undefined,
      },
    })),
  };
};

/** Targets must be running instances in the group's VPC; registering one again is harmless. */
export const registerTargets: Operation = (context) => {
  const group = groupByArn(context, context.params.get('TargetGroupArn'));
  const specs = readTargets(context.params, true);
  const compute = computeOf(context.world, context.accountId, context.region);
  for (const spec of specs) {
    const instance = compute.instances.get(spec.id);
    if (!instance || instance.vpcId !== group.vpcId) {
      throw new QueryError(
        'InvalidTarget',
        `The following targets are not in the target group VPC '${group.vpcId}': '${spec.id}'`,
      );
    }
    if (instance.state !== 'running') {
      throw new QueryError(
        'InvalidTarget',
        `The following targets are not in a running state and can not be registered: '${spec.id}'`,
      );
    }
  }
  for (const spec of specs) {
    const port = spec.port ?? group.port;
    const existing = group.targets.find((target) => target.id === spec.id && target.port === port);
    if (existing) existing.state = existing.state === 'draining' ? 'initial' : existing.state;
    else group.targets.push({ id: spec.id, port, state: 'initial' });
  }
  return {};
};

/** A deregistered target drains; the sandbox never ends the deregistration delay. */
export const deregisterTargets: Operation = (context) => {
  const group = groupByArn(context, context.params.get('TargetGroupArn'));
  const specs = readTargets(context.params, true);
  const found = specs.map((spec) => {
    const port = spec.port ?? group.port;
    const target = group.targets.find(
      (candidate) => candidate.id === spec.id && candidate.port === port,
    );
    if (!target) {
      throw new QueryError(
        'InvalidTarget',
        `The following targets are not registered in target group '${group.arn}': '${spec.id}'`,
      );
    }
    return target;
  });
  for (const target of found) target.state = 'draining';
  return {};
};
