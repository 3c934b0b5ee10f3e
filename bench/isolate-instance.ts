import { pathToFileURL } from 'node:url';
import {
  DescribeAutoScalingInstancesCommand,
  EnterStandbyCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  GetInstanceProfileCommand,
  GetRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { WORKLOADS } from '../infra/local/sandbox/aws/incident-workloads.js';
import { startHarness } from '../test/helpers/harness.js';
import { type MemberClients, memberClients } from '../test/helpers/member-workloads.js';

const LATENCY_MS = 100;
/** API Gateway's integration timeout. */
const LIMIT_MS = 29_000;
const { accountId: ACCOUNT, region: REGION } = WORKLOADS;
const WEB = WORKLOADS.instances.webServer;

export interface IsolationBenchResult {
  wallMs: number;
  awsCalls: number;
  steps: number;
  outcome: string;
  baselineWallMs: number;
  baselineAwsCalls: number;
  /** baselineWallMs / wallMs: above 1 means the API is faster. */
  speedup: number;
  withinLimit: boolean;
}

/**
 * Isolates the seeded web server through the API with 100 ms added to every AWS call, then, on a
 * reseeded sandbox, the same reads and changes made one call at a time by a naive script.
 */
export async function benchIsolation(): Promise<IsolationBenchResult> {
  const h = await startHarness();
  try {
    const responder = h.tokens.user('bench', { groups: ['security-responders'] });
    h.sandbox.knobs.setLatency(LATENCY_MS);
    h.sandbox.knobs.calls = [];
    const started = performance.now();
    const response = await h.call(responder, {
      method: 'POST',
      url: '/ec2/instances/isolate',
      payload: {
        accountId: ACCOUNT,
        region: REGION,
        instanceId: WEB,
        ticket: 'BENCH-2',
        reason: 'benchmark',
      },
    });
    const wallMs = performance.now() - started;
    const awsCalls = h.sandbox.knobs.calls.length;
    const body = response.json();

    h.sandbox.reset();
    const m = await memberClients(h.sandbox.url, ACCOUNT, REGION);
    h.sandbox.knobs.setLatency(LATENCY_MS);
    h.sandbox.knobs.calls = [];
    const baselineStarted = performance.now();
    await isolateNaively(m);
    const baselineWallMs = performance.now() - baselineStarted;
    const baselineAwsCalls = h.sandbox.knobs.calls.length;
    m.destroy();
    return {
      wallMs: Math.round(wallMs),
      awsCalls,
      steps: body.steps?.length ?? 0,
      outcome: body.outcome,
      baselineWallMs: Math.round(baselineWallMs),
      baselineAwsCalls,
      speedup: Math.round((baselineWallMs / wallMs) * 100) / 100,
      withinLimit: wallMs < LIMIT_MS && body.outcome === 'remediated',
    };
  } finally {
    await h.close();
  }
}

/** The same reads, changes and read-back as the API, in the same order, one call at a time. */
async function isolateNaively({ ec2, iam, autoScaling, elb }: MemberClients): Promise<void> {
  const read = async () => {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [WEB] }));
    const instance = Reservations?.[0]?.Instances?.[0];
    for (const Attribute of [
      'disableApiTermination',
      'instanceInitiatedShutdownBehavior',
    ] as const) {
      await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: WEB, Attribute }));
    }
    const { IamInstanceProfileAssociations: associations } = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [WEB] }],
      }),
    );
    if (associations?.[0]) {
      await iam.send(
        new GetInstanceProfileCommand({ InstanceProfileName: WORKLOADS.instanceProfile }),
      );
    }
    await autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [WEB] }));
    const { TargetGroups } = await elb.send(new DescribeTargetGroupsCommand({}));
    for (const group of TargetGroups ?? []) {
      await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }));
    }
    return { instance, association: associations?.[0] };
  };
  const { instance, association } = await read();
  await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [WORKLOADS.vpcId] }] }),
  );
  await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  await iam
    .send(
      new GetRolePolicyCommand({
        RoleName: WORKLOADS.role,
        PolicyName: `SecurityIsolation-${WEB}`,
      }),
    )
    .catch(() => undefined);

  await ec2.send(
    new CreateTagsCommand({
      Resources: [WEB],
      Tags: [{ Key: 'security:isolation', Value: 'naive' }],
    }),
  );
  await ec2.send(
    new ModifyInstanceAttributeCommand({ InstanceId: WEB, DisableApiTermination: { Value: true } }),
  );
  await ec2.send(
    new ModifyInstanceAttributeCommand({
      InstanceId: WEB,
      InstanceInitiatedShutdownBehavior: { Value: 'stop' },
    }),
  );
  for (const mapping of instance?.BlockDeviceMappings ?? []) {
    await ec2.send(new CreateSnapshotCommand({ VolumeId: mapping.Ebs?.VolumeId }));
  }
  await autoScaling.send(
    new EnterStandbyCommand({
      AutoScalingGroupName: WORKLOADS.autoScalingGroup,
      InstanceIds: [WEB],
      ShouldDecrementDesiredCapacity: true,
    }),
  );
  for (const [arn, port] of [
    [WORKLOADS.targetGroups.web, 80],
    [WORKLOADS.targetGroups.admin, 8443],
  ] as const) {
    await elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: WEB, Port: port }] }),
    );
  }
  const create = async (GroupName: string) =>
    (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName,
          Description: GroupName,
          VpcId: WORKLOADS.vpcId,
        }),
      )
    ).GroupId;
  const isolation = await create('naive-isolation');
  const allTraffic = await create('naive-all-traffic');
  await ec2.send(
    new RevokeSecurityGroupEgressCommand({
      GroupId: isolation,
      IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: allTraffic,
      IpPermissions: [
        {
          IpProtocol: '-1',
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        },
      ],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: allTraffic,
      IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    }),
  );
  for (const group of [allTraffic, isolation]) {
    for (const eni of instance?.NetworkInterfaces ?? []) {
      await ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: eni.NetworkInterfaceId,
          Groups: [group as string],
        }),
      );
    }
  }
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: WORKLOADS.role,
      PolicyName: `SecurityIsolation-${WEB}`,
      PolicyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
    }),
  );
  await ec2.send(
    new DisassociateIamInstanceProfileCommand({ AssociationId: association?.AssociationId }),
  );
  await read();
}

export function formatIsolationBench(result: IsolationBenchResult): string {
  return [
    `isolateEc2Instance, the seeded web server (2 interfaces, 2 volumes, 2 target groups), ${LATENCY_MS} ms per AWS call:`,
    `  API (plan + apply over HTTP): ${result.wallMs} ms, ${result.awsCalls} AWS calls, ${result.steps} steps, ${result.outcome}`,
    `  naive sequential script:      ${result.baselineWallMs} ms, ${result.baselineAwsCalls} AWS calls`,
    `  speed-up ${result.speedup}x; ${result.withinLimit ? 'well inside' : 'NOT inside'} API Gateway's ${LIMIT_MS / 1000} s limit`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchIsolation();
  console.log(formatIsolationBench(result));
  if (!result.withinLimit) process.exitCode = 1;
}
