import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DescribeSecurityGroupsCommand, type IpPermission } from '@aws-sdk/client-ec2';
import { isolateEc2Instance } from '../../../../api/actions/isolate-ec2-instance/action.js';
import { declaredPermissions } from '../../../../infra/aws/member-permissions.js';
import { computeOf } from '../../../../infra/local/sandbox/aws/ec2/compute/state.js';
import { WORKLOADS } from '../../../../infra/local/sandbox/aws/incident-workloads.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { type MemberClients, memberClients } from '../../../helpers/member-workloads.js';
import { denyOf, observe, snapshotsOf } from './observe.js';

const { accountId: ACCOUNT, region: REGION, instances, webServer, groups } = WORKLOADS;
const WEB = instances.webServer;
const [ENI_0, ENI_1] = webServer.interfaces;
const WRITES =
  /^(Create|Modify|Revoke|Authorize|Put|Delete|Disassociate|Associate|EnterStandby|ExitStandby|RegisterTargets|DeregisterTargets)/;
type Step = { action: string; status: string; description: string };

describe('isolateEc2Instance and its release', () => {
  let h: Harness;
  let responder: string;
  let analyst: string;
  let m: MemberClients;
  const isolate = (body: Record<string, unknown> = {}, token = responder) =>
    h.call(token, {
      method: 'POST',
      url: '/ec2/instances/isolate',
      payload: {
        accountId: ACCOUNT,
        region: REGION,
        instanceId: WEB,
        reason: 'Web server compromised through the SSH opened to the world',
        ticket: 'SEC-130',
        ...body,
      },
    });
  const undo = (remediationId: string, body: Record<string, unknown> = {}) =>
    h.call(responder, {
      method: 'POST',
      url: '/remediations/undo',
      payload: { remediationId, reason: 'False alarm: release the web server', ...body },
    });
  const writes = () => h.sandbox.knobs.calls.filter((call) => WRITES.test(call.action));
  const history = (eni: string) =>
    computeOf(h.sandbox.world, ACCOUNT, REGION).networkInterfaces.get(eni)?.groupHistory;

  before(async () => {
    h = await startHarness();
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
    analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
  });
  after(async () => {
    m?.destroy();
    await h.close();
  });
  beforeEach(async () => {
    h.sandbox.reset();
    m?.destroy();
    m = await memberClients(h.sandbox.url, ACCOUNT, REGION);
    h.sandbox.knobs.calls = [];
  });
  afterEach(() => {
    // Every AWS call the API made is one the member policy allows.
    const allowed = declaredPermissions([isolateEc2Instance]);
    const prefix: Record<string, string> = {
      ec2: 'ec2',
      iam: 'iam',
      autoscaling: 'autoscaling',
      elasticloadbalancing: 'elasticloadbalancing',
    };
    const undeclared = h.sandbox.knobs.calls
      .filter((call) => call.roleSessionName !== 'test-investigator' && prefix[call.service])
      .map((call) => `${prefix[call.service]}:${call.action}`)
      .filter((permission) => !allowed.includes(permission));
    assert.deepEqual([...new Set(undeclared)], []);
  });

  it('previews every step in the order of the runbook and changes nothing', async () => {
    const body = (await isolate({ dryRun: true, disableMetadata: true })).json();
    assert.equal(body.outcome, 'planned', body.summary);
    assert.deepEqual(
      body.steps.map((s: Step) => s.action),
      [
        'ec2:CreateTags',
        'ec2:ModifyInstanceAttribute',
        'ec2:ModifyInstanceAttribute',
        'ec2:CreateSnapshot',
        'ec2:CreateSnapshot',
        'autoscaling:EnterStandby',
        'elasticloadbalancing:DeregisterTargets',
        'elasticloadbalancing:DeregisterTargets',
        'ec2:CreateSecurityGroup',
        'ec2:CreateSecurityGroup',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:ModifyNetworkInterfaceAttribute',
        'ec2:ModifyNetworkInterfaceAttribute',
        'iam:PutRolePolicy',
        'ec2:DisassociateIamInstanceProfile',
        'ec2:ModifyInstanceMetadataOptions',
        'ec2:DescribeInstances',
      ],
    );
    assert.match(body.summary, /Would isolate the instance web-1/);
    assert.match(body.summary, /web-server-role \(this instance only\)/);
    assert.match(JSON.stringify(body.details.notes), /breaks software on the instance/);
    assert.equal(body.details.previous.shutdownBehavior, 'terminate');
    assert.deepEqual(writes(), []);
    // Without the flag the metadata endpoint is left alone, and the plan says so.
    const plain = (await isolate({ dryRun: true })).json();
    assert.ok(!plain.steps.some((s: Step) => s.action === 'ec2:ModifyInstanceMetadataOptions'));
    assert.match(JSON.stringify(plain.details.notes), /metadata endpoint stays on/);
  });

  it('isolates the web server: every step is visible through the SDK, and a rerun is already compliant', async () => {
    const before = await observe(m, WEB);
    const neighbours = await observe(m, instances.neighbourA);
    const body = (await isolate()).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const isolationId = body.remediationId;
    assert.equal(body.details.isolationId, isolationId);
    const now = await observe(m, WEB);
    const isolationGroup = body.details.isolationGroupId;
    assert.deepEqual(now.interfaces, { [ENI_0]: [isolationGroup], [ENI_1]: [isolationGroup] });
    const { SecurityGroups } = await m.ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [isolationGroup] }),
    );
    assert.deepEqual(SecurityGroups?.[0]?.IpPermissions, []);
    assert.deepEqual(SecurityGroups?.[0]?.IpPermissionsEgress, []);
    assert.equal(SecurityGroups?.[0]?.VpcId, WORKLOADS.vpcId);
    assert.deepEqual(now.tags, {
      'security:isolation': isolationId,
      'security:isolation-ticket': 'SEC-130',
      'security:isolated-at': now.tags['security:isolated-at'],
    });
    assert.equal(now.terminationProtection, true);
    assert.equal(now.shutdownBehavior, 'stop');
    assert.equal(now.metadataEndpoint, 'enabled');
    assert.deepEqual(now.profiles, []);
    assert.equal(now.lifecycle, 'Standby');
    assert.equal(now.desiredCapacity, (before.desiredCapacity ?? 0) - 1);
    assert.deepEqual(now.registered, []);
    assert.deepEqual(await snapshotsOf(m, isolationId), [...webServer.volumes]);
    assert.match(body.summary, /^Isolated the instance web-1/);
    assert.match(body.summary, new RegExp(`undo remediation ${isolationId}`));

    // The credentials: a deny for this instance only, stamped with the time it was put.
    const deny = await denyOf(m, WEB);
    const statement = deny?.Statement?.[0];
    assert.equal(statement.Effect, 'Deny');
    assert.equal(statement.Action, '*');
    assert.deepEqual(statement.Condition.ArnEquals, {
      'ec2:SourceInstanceARN': `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${WEB}`,
    });
    assert.equal(
      statement.Condition.DateLessThan['aws:TokenIssueTime'],
      body.details.denyPolicy.sessionsIssuedBefore,
    );
    // Neighbours sharing the role: untouched, and the deny's condition cannot match them.
    assert.deepEqual(await observe(m, instances.neighbourA), {
      ...neighbours,
      desiredCapacity: now.desiredCapacity,
    });
    for (const neighbour of [instances.neighbourA, instances.neighbourB]) {
      assert.notEqual(
        statement.Condition.ArnEquals['ec2:SourceInstanceARN'],
        `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${neighbour}`,
      );
    }

    const again = (await isolate()).json();
    assert.equal(again.outcome, 'already_compliant', again.summary);
    assert.match(again.summary, /already isolated/);
  });

  it('moves each interface in two hops: all traffic first, then the isolation group', async () => {
    const body = (await isolate()).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const { isolationGroupId, allTrafficGroupId } = body.details;
    assert.deepEqual(history(ENI_0), [[groups.web], [allTrafficGroupId], [isolationGroupId]]);
    assert.deepEqual(history(ENI_1), [[groups.internal], [allTrafficGroupId], [isolationGroupId]]);
    // Both first hops end before any second hop starts.
    const moves = h.sandbox.knobs.calls.filter(
      (c) => c.action === 'ModifyNetworkInterfaceAttribute',
    );
    assert.deepEqual(
      moves.map((c) => c.params['SecurityGroupId.1']),
      [allTrafficGroupId, allTrafficGroupId, isolationGroupId, isolationGroupId],
    );
    // The first hop's group lets everything in and out, IPv4 and IPv6, so flows are untracked.
    const { SecurityGroups } = await m.ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [allTrafficGroupId] }),
    );
    const sources = (permissions: IpPermission[] | undefined) =>
      (permissions ?? [])
        .filter((p) => p.IpProtocol === '-1')
        .flatMap((p) => [
          ...(p.IpRanges ?? []).map((r) => r.CidrIp),
          ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
        ])
        .sort();
    assert.deepEqual(sources(SecurityGroups?.[0]?.IpPermissions), ['0.0.0.0/0', '::/0']);
    assert.deepEqual(sources(SecurityGroups?.[0]?.IpPermissionsEgress), ['0.0.0.0/0', '::/0']);
  });

  it('reuses the isolation groups of the VPC for the next instance', async () => {
    const first = (await isolate()).json();
    h.sandbox.knobs.calls = [];
    const second = (await isolate({ instanceId: instances.neighbourA })).json();
    assert.equal(second.outcome, 'remediated', second.summary);
    assert.equal(second.details.isolationGroupId, first.details.isolationGroupId);
    assert.ok(!writes().some((c) => c.action === 'CreateSecurityGroup'));
  });

  it('stops halfway as partially_remediated; the rerun skips what is done and finishes', async () => {
    const original = await observe(m, WEB);
    // Both first hops pass; the first move to the isolation group fails.
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'ModifyNetworkInterfaceAttribute',
      code: 'UnauthorizedOperation',
      after: 2,
      times: 1,
    });
    const first = (await isolate()).json();
    assert.equal(first.outcome, 'partially_remediated', first.summary);
    assert.match(first.summary, /only partly isolated/);
    const failed = first.steps.filter((s: Step) => s.status === 'failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].action, 'ec2:ModifyNetworkInterfaceAttribute');
    assert.ok(first.steps.some((s: Step) => s.status === 'skipped'));
    const half = await observe(m, WEB);
    assert.deepEqual(
      Object.values(half.interfaces).flat().sort(),
      [first.details.allTrafficGroupId, first.details.isolationGroupId].sort(),
    );
    assert.equal(half.profiles.length, 1, 'the credential steps did not run');

    h.sandbox.knobs.calls = [];
    const rerun = (await isolate()).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    // Same isolation: the first run's id stays on the instance and on the evidence.
    assert.equal(rerun.details.isolationId, first.remediationId);
    assert.deepEqual(await snapshotsOf(m, first.remediationId), [...webServer.volumes]);
    const rerunWrites = writes().map((c) => c.action);
    for (const skipped of [
      'CreateTags',
      'CreateSnapshot',
      'EnterStandby',
      'DeregisterTargets',
      'CreateSecurityGroup',
    ]) {
      assert.ok(!rerunWrites.includes(skipped), `${skipped} ran again`);
    }
    // What the release must restore comes from before the first run, not the half-isolated state.
    assert.deepEqual(
      Object.fromEntries(
        rerun.details.previous.interfaces.map(
          (e: { networkInterfaceId: string; groupIds: string[] }) => [
            e.networkInterfaceId,
            e.groupIds,
          ],
        ),
      ),
      original.interfaces,
    );
    assert.equal(rerun.details.previous.terminationProtection, false);
    assert.equal(rerun.details.previous.autoScalingGroup.lifecycleState, 'InService');
  });

  it('releases a full isolation: everything as before except the snapshots, which stay', async () => {
    const original = await observe(m, WEB);
    const isolated = (await isolate({ disableMetadata: true })).json();
    assert.equal(isolated.outcome, 'remediated', isolated.summary);
    assert.equal((await observe(m, WEB)).metadataEndpoint, 'disabled');
    const preview = (await undo(isolated.remediationId, { dryRun: true })).json();
    assert.equal(preview.outcome, 'planned', preview.summary);
    const released = (await undo(isolated.remediationId)).json();
    assert.equal(released.outcome, 'remediated', released.summary);
    assert.match(released.summary, /The evidence snapshots stay/);
    assert.deepEqual(await observe(m, WEB), original);
    assert.equal(await denyOf(m, WEB), undefined);
    assert.deepEqual(await snapshotsOf(m, isolated.remediationId), [...webServer.volumes]);
    // Same ports as before: 80 in web-tg and 8443 in web-admin-tg.
    assert.deepEqual(original.registered, [80, 8443]);
    const twice = (await undo(isolated.remediationId)).json();
    assert.equal(twice.outcome, 'refused');
  });

  it('releases a partial isolation: only what was done is put back', async () => {
    const original = await observe(m, WEB);
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'ModifyNetworkInterfaceAttribute',
      code: 'UnauthorizedOperation',
      after: 2,
      times: 1,
    });
    const partial = (await isolate()).json();
    assert.equal(partial.outcome, 'partially_remediated', partial.summary);
    const released = (await undo(partial.remediationId)).json();
    assert.equal(released.outcome, 'remediated', released.summary);
    assert.ok(
      !released.steps.some((s: Step) =>
        /AssociateIamInstanceProfile|DeleteRolePolicy/.test(s.action),
      ),
      'the profile and the deny were never touched',
    );
    assert.deepEqual(await observe(m, WEB), original);
  });

  it('releases after a rerun finished the isolation, back to the state before the first run', async () => {
    const original = await observe(m, WEB);
    h.sandbox.knobs.addFault({
      service: 'autoscaling',
      action: 'EnterStandby',
      code: 'ValidationError',
      times: 1,
    });
    const first = (await isolate()).json();
    assert.equal(first.outcome, 'partially_remediated', first.summary);
    const rerun = (await isolate()).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    const released = (await undo(rerun.remediationId)).json();
    assert.equal(released.outcome, 'remediated', released.summary);
    assert.deepEqual(await observe(m, WEB), original);
  });

  it('lets a concurrent second isolation wait for the lock, then find the job done', async () => {
    h.sandbox.knobs.setLatency(20);
    const [a, b] = (await Promise.all([isolate(), isolate()])).map((r) => r.json());
    const outcomes = [a.outcome, b.outcome].sort();
    assert.ok(
      JSON.stringify(outcomes) === JSON.stringify(['already_compliant', 'remediated']) ||
        (outcomes.includes('remediated') &&
          [a, b].some(
            (x) => x.outcome === 'refused' && /busy|in progress|another/i.test(x.summary),
          )),
      `${a.outcome}: ${a.summary} / ${b.outcome}: ${b.summary}`,
    );
    const count = (action: string) => writes().filter((c) => c.action === action).length;
    assert.equal(count('CreateSecurityGroup'), 2);
    assert.equal(count('CreateSnapshot'), 2);
    assert.equal(count('EnterStandby'), 1);
  });

  it('isolates two instances of one VPC at once: the second reuses the group the first created', async () => {
    // Different instances, different locks: both plans find no isolation group and both create it.
    h.sandbox.knobs.setLatency(20);
    const [a, b] = (
      await Promise.all([isolate(), isolate({ instanceId: instances.neighbourA })])
    ).map((r) => r.json());
    assert.equal(a.outcome, 'remediated', a.summary);
    assert.equal(b.outcome, 'remediated', b.summary);
    const { SecurityGroups } = await m.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [WORKLOADS.vpcId] },
          { Name: 'group-name', Values: ['security-isolation'] },
        ],
      }),
    );
    assert.equal(SecurityGroups?.length, 1, 'one isolation group in the VPC');
    assert.deepEqual(SecurityGroups?.[0]?.IpPermissionsEgress, [], 'it still allows nothing out');
  });

  it('refuses the protected instance, analysts, and a real run without a ticket', async () => {
    const protectedRun = (await isolate({ instanceId: instances.protectedDb })).json();
    assert.equal(protectedRun.outcome, 'refused');
    assert.match(protectedRun.summary, /protected by the tag "remediation:protected"/);
    const byAnalyst = (await isolate({}, analyst)).json();
    assert.equal(byAnalyst.outcome, 'refused');
    const noTicket = await isolate({ ticket: undefined });
    assert.equal(noTicket.statusCode, 400);
    const missing = (await isolate({ instanceId: 'i-0000000000000dead' })).json();
    assert.equal(missing.outcome, 'failed');
    assert.match(missing.summary, /There is no instance i-0000000000000dead/);
    assert.deepEqual(writes(), []);
  });

  it('reports the instance isolated earlier as already compliant', async () => {
    const body = (await isolate({ instanceId: instances.alreadyIsolated })).json();
    assert.equal(body.outcome, 'already_compliant', body.summary);
    assert.equal(body.details.isolationId, WORKLOADS.earlierIsolationId);
    assert.deepEqual(writes(), []);
  });

  it('is visible to the AWS CLI: interfaces on the isolation group, snapshots, Standby, out of the target group', async (t) => {
    const cli = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    if (cli.status !== 0) {
      t.skip('the AWS CLI is not installed');
      return;
    }
    const body = (await isolate()).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    // Asynchronously: the sandbox answering the CLI runs in this very process.
    const aws = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)('aws', [...args, '--output', 'json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...m.env },
      });
      return JSON.parse(stdout);
    };
    const enis = await aws(
      'ec2',
      'describe-network-interfaces',
      '--filters',
      `Name=attachment.instance-id,Values=${WEB}`,
    );
    assert.deepEqual(
      enis.NetworkInterfaces.map((e: { Groups: Array<{ GroupId: string }> }) =>
        e.Groups.map((g) => g.GroupId),
      ),
      [[body.details.isolationGroupId], [body.details.isolationGroupId]],
    );
    const snapshots = await aws(
      'ec2',
      'describe-snapshots',
      '--owner-ids',
      'self',
      '--filters',
      `Name=tag:security:isolation,Values=${body.remediationId}`,
    );
    assert.equal(snapshots.Snapshots.length, 2);
    const standby = await aws(
      'autoscaling',
      'describe-auto-scaling-instances',
      '--instance-ids',
      WEB,
    );
    assert.equal(standby.AutoScalingInstances[0].LifecycleState, 'Standby');
    const health = await aws(
      'elbv2',
      'describe-target-health',
      '--target-group-arn',
      WORKLOADS.targetGroups.web,
    );
    assert.equal(
      health.TargetHealthDescriptions.find((d: { Target: { Id: string } }) => d.Target.Id === WEB)
        .TargetHealth.State,
      'draining',
    );
  });
});
