import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { memberEc2 } from '../../helpers/member-account.js';
import {
  ACCOUNT,
  ALL_OPEN,
  closePort,
  mutatingEc2Calls,
  RANGE,
  REGION,
  tokensFor,
  undo,
  WEB,
} from './fixture.js';

describe('undoRemediation', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  /** What `aws ec2 describe-security-group-rules` shows, without the rule ids EC2 assigns. */
  const rulesOf = async (groupId: string) => {
    const ec2 = await memberEc2(h.sandbox.url, ACCOUNT, REGION);
    const rules = [];
    let NextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: [groupId] }],
          NextToken,
        }),
      );
      rules.push(...(page.SecurityGroupRules ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return rules
      .map(
        (rule) =>
          `${rule.IsEgress ? 'egress' : 'ingress'} ${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} ${rule.CidrIpv4 ?? rule.CidrIpv6} "${rule.Description ?? ''}"`,
      )
      .sort();
  };

  before(async () => {
    h = await startHarness();
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  for (const groupId of [WEB, ALL_OPEN, RANGE]) {
    it(`puts back exactly the rules a port closure removed (${groupId}), once`, async () => {
      const before = await rulesOf(groupId);
      const closed = (await closePort(h, t.responder, { groupId })).json();
      assert.equal(closed.outcome, 'remediated');
      assert.notDeepEqual(await rulesOf(groupId), before);
      const preview = (
        await undo(h, t.responder, { remediationId: closed.remediationId, dryRun: true })
      ).json();
      assert.equal(preview.outcome, 'planned', preview.summary);
      assert.match(preview.summary, /opening port 22 to the internet again/);
      const changesSoFar = mutatingEc2Calls(h).length;
      const undone = (await undo(h, t.responder, { remediationId: closed.remediationId })).json();
      assert.equal(undone.outcome, 'remediated', undone.summary);
      assert.ok(mutatingEc2Calls(h).length > changesSoFar);
      assert.deepEqual(await rulesOf(groupId), before);
      assert.equal(undone.details.undoneRemediationId, closed.remediationId);
      assert.deepEqual(undone.target, closed.target);
      assert.ok(undone.policyReferences.some((ref: { id: string }) => ref.id === 'IR-05'));
      const twice = (await undo(h, t.responder, { remediationId: closed.remediationId })).json();
      assert.equal(twice.outcome, 'refused');
      assert.match(
        twice.summary,
        new RegExp(`already undone by remediation ${undone.remediationId} .*runs only once`),
      );
      assert.deepEqual(await rulesOf(groupId), before);
      const record = (
        await h.call(t.auditor, { url: `/remediations/${closed.remediationId}` })
      ).json();
      assert.equal(record.remediation.undo.undoneBy, undone.remediationId);
      const undoRecord = (
        await h.call(t.auditor, { url: `/remediations/${undone.remediationId}` })
      ).json().remediation;
      assert.equal(undoRecord.undoOf, closed.remediationId);
      assert.equal(undoRecord.operation, 'undoRemediation');
      assert.equal(undoRecord.undo.available, false);
    });
  }

  it('lets only one of two simultaneous undos run', async () => {
    const before = await rulesOf(WEB);
    const closed = (await closePort(h, t.responder, {})).json();
    const answers = (
      await Promise.all([
        undo(h, t.responder, { remediationId: closed.remediationId }),
        undo(h, t.jira, { remediationId: closed.remediationId }),
      ])
    ).map((response) => response.json().outcome);
    assert.deepEqual(answers.sort(), ['refused', 'remediated']);
    assert.deepEqual(await rulesOf(WEB), before);
  });

  it('finishes on a rerun after AWS fails halfway', async () => {
    const before = await rulesOf(ALL_OPEN);
    const closed = (await closePort(h, t.responder, { groupId: ALL_OPEN })).json();
    h.sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'UnauthorizedOperation',
      after: 2,
    });
    const partial = (await undo(h, t.responder, { remediationId: closed.remediationId })).json();
    assert.equal(partial.outcome, 'partially_remediated', partial.summary);
    assert.match(partial.summary, /Run the same undo again/);
    assert.deepEqual(
      partial.steps.map((step: { status: string }) => step.status),
      ['done', 'done', 'done', 'failed', 'skipped', 'skipped'],
    );
    h.sandbox.knobs.clearFaults();
    const rerun = (await undo(h, t.responder, { remediationId: closed.remediationId })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    assert.deepEqual(
      rerun.steps.map((step: { action: string }) => step.action),
      Array(3).fill('ec2:RevokeSecurityGroupIngress'),
      'only the three added rules still there are removed',
    );
    assert.deepEqual(await rulesOf(ALL_OPEN), before);
  });

  it('refuses what cannot or need not be undone, in words, changing nothing', async () => {
    const preview = (await closePort(h, t.responder, { dryRun: true })).json();
    const closed = (await closePort(h, t.responder, {})).json();
    const compliant = (await closePort(h, t.responder, {})).json();
    const cases: Array<[string, string, RegExp]> = [
      [preview.remediationId, 'refused', /was a preview \(dry run\) and changed nothing/],
      [compliant.remediationId, 'refused', /changed nothing \(its outcome was already_compliant\)/],
      ['00000000-0000-4000-8000-000000000000', 'failed', /No remediation with id .* is recorded/],
    ];
    const before = mutatingEc2Calls(h).length;
    for (const [remediationId, outcome, summary] of cases) {
      const answer = (await undo(h, t.responder, { remediationId })).json();
      assert.equal(answer.outcome, outcome, answer.summary);
      assert.match(answer.summary, summary);
    }
    const analyst = (await undo(h, t.analyst, { remediationId: closed.remediationId })).json();
    assert.equal(analyst.outcome, 'refused');
    assert.match(
      analyst.summary,
      /may not undo a remediation: that is limited to members of security-responders/,
    );
    const noReason = await undo(h, t.responder, {
      remediationId: closed.remediationId,
      reason: undefined,
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal(mutatingEc2Calls(h).length, before);
  });

  it('says that deleting a user cannot be undone', async () => {
    const deleted = (
      await h.call(t.responder, {
        method: 'POST',
        url: '/iam/users/delete',
        payload: {
          accountId: ACCOUNT,
          userName: 'devops-temp',
          ticket: 'SEC-101',
          reason: 'Created by the attacker',
        },
      })
    ).json();
    assert.equal(deleted.outcome, 'remediated', deleted.summary);
    const answer = (await undo(h, t.responder, { remediationId: deleted.remediationId })).json();
    assert.equal(answer.outcome, 'refused');
    assert.match(
      answer.summary,
      /cannot be undone: what it did \("Delete an IAM user and everything it owns"\) cannot be put back/,
    );
    assert.doesNotMatch(answer.summary, /deleteIamUser|getRemediation/, 'no operation ids');
    const record = (
      await h.call(t.auditor, { url: `/remediations/${deleted.remediationId}` })
    ).json();
    assert.equal(record.remediation.undo.available, false);
  });
});
