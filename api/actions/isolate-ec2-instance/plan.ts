import { AwsCallError } from '../../errors.js';
import type { ActionContext, Plan, PlannedStep } from '../define.js';
import { existingDeny } from '../ec2-instance/instance-deny.js';
import { denyPolicyName, ISOLATION_TAG } from '../ec2-instance/names.js';
import { type InstanceView, readInstance } from '../ec2-instance/read-instance.js';
import { isRegistered } from '../ec2-instance/target-groups.js';
import { andList, count } from '../iam/words.js';
import type { IsolateDetails, IsolateInput } from './action.js';
import { credentialSteps } from './credential-steps.js';
import { evidenceSnapshots, snapshotSteps } from './evidence.js';
import { attributeSteps, tagStep, trafficSteps } from './instance-steps.js';
import { findIsolationGroups, networkSteps } from './network-steps.js';
import { earlierRun, previousState } from './previous-state.js';

type Details = IsolateDetails;

const KEPT =
  'The snapshots stay as evidence, also after a release; the isolation and all-traffic groups stay in the VPC for the next isolation.';
const METADATA_WARNING =
  'Turning off the metadata endpoint breaks software on the instance that reads its metadata (agents, the CloudWatch agent, SSM) and can hamper memory forensics; a release turns it back on.';

/** The plan of isolateEc2Instance, loaded on its first call; action.ts declares it. */
export async function planIsolation(
  context: ActionContext,
  input: IsolateInput,
): Promise<Plan<Details>> {
  const { accountId, region, instanceId } = input;
  const details: Details = {
    isolationId: context.remediationId,
    instanceId,
    snapshots: [],
    metadataDisabled: false,
    done: [],
    nowTrue: [],
    notes: [],
  };
  const view = await readInstance(context.aws, accountId, region, instanceId);
  if (!view) {
    return {
      status: 'failed',
      summary: `There is no instance ${instanceId} in account ${accountId} in ${region}; check the instance id, the account and the Region.`,
      details,
    };
  }
  const label = view.name ? `instance ${view.name} (${instanceId})` : `instance ${instanceId}`;
  details.instanceArn = view.arn;
  details.vpcId = view.vpcId;
  const protectedBy = context.config.protectedTagKey;
  if (protectedBy in view.tags) {
    return {
      status: 'refused',
      summary: `The ${label} is protected by the tag "${protectedBy}", so this API will not isolate it. Its owner can isolate it through the exception process, or remove the tag with an approved change.`,
      details,
    };
  }
  if (view.state === 'terminated' || view.state === 'shutting-down') {
    return {
      status: 'failed',
      summary: `The ${label} is ${view.state}; there is nothing left to isolate. Its volumes and snapshots, if any remain, are the evidence.`,
      details,
    };
  }

  const taggedId = view.tags[ISOLATION_TAG];
  const isolationId = taggedId ?? context.remediationId;
  details.isolationId = isolationId;
  const earlier = taggedId ? await earlierRun(context, taggedId) : undefined;
  if (taggedId && !earlier) {
    details.notes.push(
      `The instance carries isolation ${taggedId}, which this API's trail does not hold, so the state before that isolation is unknown; a release of this run puts back what was found now.`,
    );
  }
  const previous = previousState(view, earlier?.previous);
  details.previous = previous;
  const roleName = view.profile?.roleName ?? previous.instanceProfile?.roleName;
  const ec2 = context.aws.ec2(accountId, region);
  const [found, taken, denied] = await settleAll([
    findIsolationGroups(ec2, view.vpcId),
    evidenceSnapshots(ec2, isolationId),
    roleName
      ? existingDeny(context.aws.iam(accountId), roleName, view.arn)
      : Promise.resolve(false),
  ] as const);
  details.snapshots = [...taken].map(([volumeId, snapshotId]) => ({ volumeId, snapshotId }));
  if (roleName && denied) {
    details.denyPolicy = earlier?.denyPolicy ?? {
      roleName,
      policyName: denyPolicyName(instanceId),
    };
  }

  const done: string[] = [];
  const where = { aws: context.aws, accountId, region, now: context.now };
  const isolation = { id: isolationId, ticket: input.ticket ?? 'none' };
  const snapshots = [...details.snapshots];
  let stamped: string | undefined;
  const network = networkSteps(ec2, view.vpcId, view.interfaces, found, done);
  const changes: PlannedStep[] = [
    ...tagStep(where, view, isolation, done),
    ...attributeSteps(where, view, done),
    ...snapshotSteps(ec2, view, isolation, taken, (volumeId, snapshotId) => {
      snapshots.push({ volumeId, snapshotId });
      done.push(`snapshotted ${volumeId} as ${snapshotId}`);
    }),
    ...trafficSteps(where, view, done),
    ...network.steps,
    ...credentialSteps({
      ...where,
      view,
      ...(roleName ? { roleName } : {}),
      denied,
      disableMetadata: input.disableMetadata === true,
      done,
      stamped: (time) => {
        stamped = time;
      },
    }),
  ];
  details.notes.push(KEPT);
  if (input.disableMetadata) details.notes.push(METADATA_WARNING);
  else if (view.metadata.httpEndpoint === 'enabled') {
    details.notes.push(
      'The metadata endpoint stays on (ask with disableMetadata to turn it off); without an instance profile it hands out no credentials.',
    );
  }
  if (changes.length === 0) {
    details.nowTrue = facts(view, snapshots.length);
    return {
      status: 'compliant',
      summary: `The ${label} is already isolated: ${andList(details.nowTrue)}.`,
      details,
    };
  }

  const nowTrue: string[] = [];
  const steps: PlannedStep[] = [
    ...changes,
    {
      action: 'ec2:DescribeInstances',
      description:
        'Read the instance back and check it is isolated: interfaces on the isolation group only, no instance profile, out of its load balancers and Auto Scaling group, termination protection on.',
      execute: async () => {
        const after = await readInstance(context.aws, accountId, region, instanceId);
        const missing = after
          ? stillMissing(after, network.groups.isolation)
          : ['the instance is gone'];
        if (after) nowTrue.push(...facts(after, snapshots.length));
        if (missing.length > 0) {
          throw new AwsCallError(
            'ec2:DescribeInstances',
            'NotIsolated',
            `read back after the changes, ${andList(missing)}; something else may be changing the instance`,
          );
        }
      },
    },
  ];
  const summaryOf = (changesToMake: string) =>
    `Would isolate the ${label} in account ${accountId}: ${changesToMake}.${input.disableMetadata ? ' It would also turn off the metadata endpoint.' : ''}`;
  return {
    status: 'changes',
    summary: summaryOf(plannedWords(view, taken.size, roleName)),
    steps,
    details,
    report(completed) {
      const after: Details = {
        ...details,
        ...(network.groups.isolation ? { isolationGroupId: network.groups.isolation } : {}),
        ...(network.groups.allTraffic ? { allTrafficGroupId: network.groups.allTraffic } : {}),
        snapshots,
        ...(stamped && roleName
          ? {
              denyPolicy: {
                roleName,
                policyName: denyPolicyName(instanceId),
                sessionsIssuedBefore: stamped,
              },
            }
          : {}),
        metadataDisabled: done.includes('turned off the instance metadata endpoint'),
        done,
        nowTrue,
      };
      const summary =
        completed === steps.length
          ? `Isolated the ${label}: ${andList(nowTrue)}. ${KEPT} To release it, undo remediation ${context.remediationId}.`
          : `The ${label} is only partly isolated: ${done.length ? andList(done) : 'nothing was changed'} before a step failed. Run the same request again to finish; undo remediation ${context.remediationId} releases what was done.`;
      return { summary, details: after };
    },
  };
}

/** Words for what the plan changes, from the reads (so a dry run says it plainly). */
function plannedWords(view: InstanceView, snapshotted: number, roleName: string | undefined) {
  const volumes = view.volumes.length - snapshotted;
  const registered = view.targets.filter(isRegistered);
  return andList(
    [
      volumes > 0 ? `snapshot ${count(volumes, 'volume')} as evidence` : '',
      view.terminationProtection ? '' : 'turn on termination protection',
      view.autoScaling?.lifecycleState === 'InService'
        ? `move it to Standby in ${view.autoScaling.groupName}`
        : '',
      registered.length
        ? `take it out of ${andList([...new Set(registered.map((t) => t.targetGroupName))])}`
        : '',
      `cut the network of its ${count(view.interfaces.length, 'interface')} (through an all-traffic group, so established connections drop)`,
      roleName ? `deny the credentials it holds for role ${roleName} (this instance only)` : '',
      view.profile ? `remove instance profile ${view.profile.name}` : '',
    ].filter(Boolean),
  );
}

/** What the read-back shows, in words. */
function facts(view: InstanceView, snapshots: number): string[] {
  return [
    view.interfaces.length ? 'it has no network access (isolation group only)' : '',
    view.profile
      ? `it still has instance profile ${view.profile.name}`
      : 'it has no instance profile',
    view.targets.some(isRegistered)
      ? 'it is still registered with a load balancer'
      : 'no load balancer sends it traffic',
    view.autoScaling
      ? `it is ${view.autoScaling.lifecycleState === 'Standby' ? 'in Standby' : view.autoScaling.lifecycleState} in ${view.autoScaling.groupName}`
      : '',
    view.terminationProtection ? 'it cannot be terminated through the API' : '',
    snapshots ? `${count(snapshots, 'evidence snapshot')} kept` : '',
  ].filter(Boolean);
}

function stillMissing(view: InstanceView, isolationGroupId: string | undefined): string[] {
  return [
    view.interfaces.every(
      (eni) => eni.groups.length === 1 && eni.groups[0]?.groupId === isolationGroupId,
    )
      ? ''
      : 'not every interface is on the isolation group alone',
    view.profile ? `instance profile ${view.profile.name} is still associated` : '',
    view.targets.some(isRegistered) ? 'it is still registered with a load balancer' : '',
    view.autoScaling?.lifecycleState === 'InService'
      ? 'it is still InService in its Auto Scaling group'
      : '',
    view.terminationProtection ? '' : 'termination protection is off',
  ].filter(Boolean);
}

/** Promise.all that lets every read finish before failing, so none outlives the answer. */
async function settleAll<T extends readonly unknown[]>(
  reads: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((read) => read.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((read) => (read as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
