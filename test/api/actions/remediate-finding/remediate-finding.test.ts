import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  GetFindingsCommand,
  GetFindingsV2Command,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { FINDINGS } from '../../../../infra/local/sandbox/aws/securityhub/seed.js';
import {
  findingKey,
  securityHubOf,
} from '../../../../infra/local/sandbox/aws/securityhub/state.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import type { SecurityGroup } from '../../../../infra/local/sandbox/state.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';

// biome-ignore lint/suspicious/noExplicitAny: answers and OCSF documents are JSON read field by field.
type Json = Record<string, any>;

const HUB = FINDINGS.products.securityHub;
const asff = (id: string, productArn: string = HUB) => ({ findingId: id, productArn });

describe('remediateFinding', () => {
  let h: Harness;
  let responder: string;
  let hub: SecurityHubClient;
  before(async () => {
    h = await startHarness();
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
    hub = new SecurityHubClient({ endpoint: h.sandbox.url, region: 'us-east-1' });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  const remediate = async (payload: Json, token = responder) => {
    const response = await h.call(token, { method: 'POST', url: '/findings/remediate', payload });
    return { status: response.statusCode, body: response.json() as Json };
  };
  const finding = async (id: string) => {
    const { Findings } = await hub.send(
      new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } }),
    );
    return Findings?.[0];
  };
  const group = (accountId: string, region: string, groupId: string) =>
    h.sandbox.world.accounts
      .get(accountId)
      ?.ec2.get(region)
      ?.securityGroups.get(groupId) as SecurityGroup;
  const openOn = (g: SecurityGroup, port: number) =>
    g.rules.some(
      (rule) =>
        !rule.isEgress &&
        'cidr' in rule.peer &&
        ['0.0.0.0/0', '::/0'].includes(rule.peer.cidr) &&
        (rule.ipProtocol === '-1' || (rule.fromPort <= port && port <= rule.toPort)),
    );

  it('closes the port an EC2.13 finding names and marks the finding RESOLVED with the remediation id', async () => {
    const { body } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101 contain' });
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.equal(body.details.operation, 'closeSecurityGroupPort');
    assert.equal(body.target.resourceId, SEED.securityGroups.webFrontend);
    assert.equal(
      openOn(group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.webFrontend), 22),
      false,
    );
    const after = await finding(FINDINGS.sshOpen);
    assert.equal(after?.Workflow?.Status, 'RESOLVED');
    assert.match(after?.Note?.Text ?? '', new RegExp(body.remediationId));
    assert.match(after?.Note?.Text ?? '', /responder/);
    assert.equal(after?.Note?.UpdatedBy, 'responder');
    assert.match(body.summary, /marked RESOLVED/);
    // The run is recorded like the direct call's, and undone by the direct call's undo.
    const undone = (
      await h.call(responder, {
        method: 'POST',
        url: '/remediations/undo',
        payload: { remediationId: body.remediationId, reason: 'false positive' },
      })
    ).json();
    assert.equal(undone.outcome, 'remediated', undone.summary);
    assert.equal(
      openOn(group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.webFrontend), 22),
      true,
    );
    assert.equal((await finding(FINDINGS.sshOpen))?.Workflow?.Status, 'NEW');
  });

  it('maps every security-group control to the ports it names, one run per port', async () => {
    const cases: Array<[string, string, string, string, number[]]> = [
      [FINDINGS.rdpOpen, SEED.accounts.production, 'eu-west-1', SEED.securityGroups.euApp, [3389]],
      [
        FINDINGS.highRiskPorts,
        SEED.accounts.production,
        'us-east-1',
        SEED.securityGroups.crowded,
        [22],
      ],
      [
        FINDINGS.adminPortsIpv4,
        SEED.accounts.data,
        'us-east-1',
        SEED.securityGroups.dataPipeline,
        [22],
      ],
      [
        FINDINGS.adminPortsIpv6,
        SEED.accounts.production,
        'us-east-1',
        SEED.securityGroups.opsRange,
        [22, 3389],
      ],
    ];
    for (const [id, accountId, region, groupId, ports] of cases) {
      const { body } = await remediate({ ...asff(id), reason: 'SEC-101 contain' });
      assert.equal(body.outcome, 'remediated', `${id}: ${body.summary}`);
      assert.deepEqual(
        body.details.runs.map((run: Json) => run.input.port),
        ports,
        id,
      );
      for (const port of ports)
        assert.equal(openOn(group(accountId, region, groupId), port), false, `${id} ${port}`);
      assert.equal((await finding(id))?.Workflow?.Status, 'RESOLVED', id);
    }
    // EC2.54 closed 22 and 3389 on one udp rule open to ::/0: every other udp port stays open.
    const ops = group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.opsRange);
    assert.equal(openOn(ops, 53), true);
  });

  it('revokes the credentials of the IAM user a GuardDuty finding names', async () => {
    const { body } = await remediate({
      ...asff(FINDINGS.credentialExposure, FINDINGS.products.guardDuty),
      reason: 'SEC-101 contain',
    });
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.equal(body.details.operation, 'revokeIamUserCredentials');
    const user = h.sandbox.world.accounts
      .get(SEED.accounts.production)
      ?.iam.users.get('devops-temp');
    assert.ok(user?.accessKeys.every((key) => key.status === 'Inactive'));
    assert.equal((await finding(FINDINGS.credentialExposure))?.Workflow?.Status, 'RESOLVED');
  });

  it('previews through the v2 metadata.uid and changes nothing, the finding included', async () => {
    const v2 = async () => {
      const { Findings } = await hub.send(
        new GetFindingsV2Command({
          Filters: {
            CompositeFilters: [
              {
                StringFilters: [
                  {
                    FieldName: 'metadata.uid',
                    Filter: { Value: FINDINGS.rdpOpen, Comparison: 'EQUALS' },
                  },
                ],
              },
            ],
          },
        }),
      );
      return (Findings ?? []) as Json[];
    };
    const before = await v2();
    assert.equal(before.length, 1);
    const { body } = await remediate({ findingId: FINDINGS.rdpOpen, dryRun: true });
    assert.equal(body.outcome, 'planned', body.summary);
    assert.ok(body.planId);
    assert.deepEqual(body.steps.map((step: Json) => step.action).slice(-1), [
      'securityhub:BatchUpdateFindingsV2',
    ]);
    assert.equal(
      openOn(group(SEED.accounts.production, 'eu-west-1', SEED.securityGroups.euApp), 3389),
      true,
    );
    assert.deepEqual(await v2(), before);
    // The real run of the same request, confirmed with the planId, does what the preview said.
    const { body: run } = await remediate({
      findingId: FINDINGS.rdpOpen,
      reason: 'SEC-101',
      planId: body.planId,
    });
    assert.equal(run.outcome, 'remediated', JSON.stringify(run));
    const [document] = await v2();
    assert.equal(document?.status, 'Resolved');
    assert.match(document?.comment ?? '', new RegExp(run.remediationId));
  });

  it('refuses a finding on a protected group and marks it NOTIFIED, changing nothing', async () => {
    const before = JSON.stringify(
      group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.bastionProtected),
    );
    const { body } = await remediate({ ...asff(FINDINGS.protectedGroup), reason: 'SEC-101' });
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /protected/);
    assert.equal(
      JSON.stringify(
        group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.bastionProtected),
      ),
      before,
    );
    const after = await finding(FINDINGS.protectedGroup);
    assert.equal(after?.Workflow?.Status, 'NOTIFIED');
    assert.match(after?.Note?.Text ?? '', new RegExp(body.remediationId));
  });

  it('refuses a finding that names a resource in another account than its own, changing nothing', async () => {
    // As BatchImportFindings would let anyone with import rights write it: a finding of the
    // production account pointing at the data account's group.
    const { data } = SEED.accounts;
    const state = securityHubOf(h.sandbox.world);
    const original = state.findings.get(findingKey(HUB, FINDINGS.sshOpen));
    assert.ok(original);
    const forged = structuredClone(original);
    forged.Id = `${FINDINGS.sshOpen}-forged`;
    forged.Resources = [
      {
        ...forged.Resources[0],
        Type: 'AwsEc2SecurityGroup',
        Id: `arn:aws:ec2:us-east-1:${data}:security-group/${SEED.securityGroups.dataPipeline}`,
        Details: { AwsEc2SecurityGroup: { GroupId: SEED.securityGroups.dataPipeline } },
      },
    ];
    state.findings.set(findingKey(HUB, forged.Id), forged);
    const before = structuredClone(group(data, 'us-east-1', SEED.securityGroups.dataPipeline));
    const { body } = await remediate({ ...asff(forged.Id), reason: 'SEC-101' });
    assert.equal(body.outcome, 'refused', body.summary);
    assert.match(body.summary, new RegExp(`names a resource in account ${data}`));
    assert.deepEqual(group(data, 'us-east-1', SEED.securityGroups.dataPipeline), before);
  });

  it('answers already_compliant for a finding already resolved, and leaves it as it is', async () => {
    const before = await finding(FINDINGS.alreadyResolved);
    const { body } = await remediate({ ...asff(FINDINGS.alreadyResolved), reason: 'SEC-101' });
    assert.equal(body.outcome, 'already_compliant');
    assert.deepEqual(await finding(FINDINGS.alreadyResolved), before);
  });

  it('refuses a person in no security group before reading the finding, so nothing about it leaks', async () => {
    h.sandbox.knobs.calls = [];
    const { body } = await remediate(
      { ...asff(FINDINGS.instanceCompromise, FINDINGS.products.guardDuty), dryRun: true },
      h.tokens.user('nobody'),
    );
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /security-responders/);
    assert.deepEqual(h.sandbox.knobs.callsMatching({ service: 'securityhub' }), []);
    // Only reading the finding would tell which instance it names.
    assert.equal(body.target.accountId, 'unknown');
    assert.doesNotMatch(JSON.stringify(body), /i-05eed0000000000a1/);
  });

  it('refuses a finding it cannot map, saying which findings it can fix', async () => {
    const { body } = await remediate({ ...asff(FINDINGS.unmappable), reason: 'SEC-101' });
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /EC2\.13, EC2\.14, EC2\.19, EC2\.53 and EC2\.54/);
    assert.equal((await finding(FINDINGS.unmappable))?.Workflow?.Status, 'NOTIFIED');
  });

  it('plans the isolation of the instance a GuardDuty finding names', async () => {
    const { body } = await remediate({
      ...asff(FINDINGS.instanceCompromise, FINDINGS.products.guardDuty),
      dryRun: true,
    });
    assert.equal(body.outcome, 'planned', body.summary);
    assert.equal(body.details.operation, 'isolateEc2Instance');
    assert.match(body.summary, /isolate the instance web-1 \(i-05eed0000000000a1\)/);
    // A preview leaves the finding as it was.
    assert.equal((await finding(FINDINGS.instanceCompromise))?.Workflow?.Status, 'NEW');
  });

  it('when the write-back fails after the fix, says so; the same request then finishes it', async () => {
    h.sandbox.knobs.addFault({
      service: 'securityhub',
      action: 'BatchUpdateFindings',
      code: 'InternalException',
      status: 500,
    });
    const { body } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101' });
    assert.equal(body.outcome, 'partially_remediated', body.summary);
    assert.equal(body.steps.at(-1).status, 'failed');
    assert.equal(
      openOn(group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.webFrontend), 22),
      false,
    );
    assert.equal((await finding(FINDINGS.sshOpen))?.Workflow?.Status, 'NEW');
    h.sandbox.knobs.clearFaults();
    const { body: again } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101' });
    assert.equal(again.outcome, 'already_compliant', again.summary);
    assert.equal((await finding(FINDINGS.sshOpen))?.Workflow?.Status, 'RESOLVED');
  });

  it('when the fix itself fails, changes nothing it did not report and marks the finding NOTIFIED', async () => {
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'UnauthorizedOperation',
      status: 403,
    });
    const { body } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101' });
    assert.equal(body.outcome, 'failed', body.summary);
    assert.equal(body.steps.at(-1).status, 'skipped', 'the finding is not marked RESOLVED');
    assert.equal(
      openOn(group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.webFrontend), 22),
      true,
    );
    const after = await finding(FINDINGS.sshOpen);
    assert.equal(after?.Workflow?.Status, 'NOTIFIED');
    assert.match(after?.Note?.Text ?? '', /did not finish/);
  });

  it('does nothing, and says so, when Security Hub does not answer', async () => {
    h.sandbox.knobs.addFault({
      service: 'securityhub',
      action: 'GetFindings',
      code: 'InternalException',
      status: 500,
    });
    const { body } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101' });
    assert.equal(body.outcome, 'failed');
    assert.match(body.summary, /Security Hub did not answer/);
    assert.equal(h.sandbox.knobs.callsMatching({ service: 'ec2' }).length, 0);
  });

  it('says plainly when the finding does not exist, and rejects a request naming none', async () => {
    const { body } = await remediate({ ...asff(`${FINDINGS.sshOpen}-gone`), reason: 'SEC-101' });
    assert.equal(body.outcome, 'failed');
    assert.match(body.summary, /Security Hub has no finding/);
    const none = await remediate({ productArn: HUB, reason: 'x y z' });
    assert.equal(none.status, 400);
    assert.match(none.body.message, /findingId/);
  });

  it('keeps to the groups of people, as the direct call does', async () => {
    const nobody = h.tokens.user('visitor', { groups: [] });
    const { body } = await remediate({ ...asff(FINDINGS.sshOpen), reason: 'SEC-101' }, nobody);
    assert.equal(body.outcome, 'refused');
    assert.equal(
      openOn(group(SEED.accounts.production, 'us-east-1', SEED.securityGroups.webFrontend), 22),
      true,
    );
  });
});
