import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  DeleteUserPolicyCommand,
  GetLoginProfileCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { revokeIamUserCredentials } from '../../../api/actions/revoke-iam-user-credentials/action.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { memberIam, undeclaredIamCalls } from '../../helpers/member-iam.js';
import { ACCOUNT, tokensFor, undo } from './fixture.js';

const USER = 'svc-backup-admin';
const DENY = 'AWSRevokeOlderSessions';
const WRITES = /^(Delete|Update|Put|Create)/;

describe('undoRemediation of revokeIamUserCredentials', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  let iam: IAMClient;
  const revoke = () =>
    h.call(t.responder, {
      method: 'POST',
      url: '/iam/users/revoke-credentials',
      payload: {
        accountId: ACCOUNT,
        userName: USER,
        reason: 'Keys used from an unknown IP',
        ticket: 'SEC-101',
      },
    });
  /** What `aws iam list-access-keys` shows: key id to status. */
  const keyStatuses = async () =>
    Object.fromEntries(
      ((await iam.send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []).map(
        (key) => [key.AccessKeyId, key.Status],
      ),
    );
  const inlinePolicies = async () =>
    (await iam.send(new ListUserPoliciesCommand({ UserName: USER }))).PolicyNames ?? [];
  const denyDocument = async () =>
    decodeURIComponent(
      (await iam.send(new GetUserPolicyCommand({ UserName: USER, PolicyName: DENY })))
        .PolicyDocument ?? '',
    );
  const hasPassword = () =>
    iam.send(new GetLoginProfileCommand({ UserName: USER })).then(
      () => true,
      (error) => {
        assert.equal(error.Code, 'NoSuchEntity');
        return false;
      },
    );
  /** IAM changes the API made (its sessions are named remediation-...), not the test's own. */
  const apiWrites = () =>
    h.sandbox.knobs.calls
      .filter(
        (call) =>
          call.service === 'iam' &&
          call.roleSessionName?.startsWith('remediation-') &&
          WRITES.test(call.action),
      )
      .map((call) => call.action);
  const ALL_ACTIVE = { AKIASVCBACKUPADMIN01: 'Active', AKIASVCBACKUPADMIN02: 'Active' };
  const ALL_INACTIVE = { AKIASVCBACKUPADMIN01: 'Inactive', AKIASVCBACKUPADMIN02: 'Inactive' };

  before(async () => {
    h = await startHarness();
    t = tokensFor(h);
  });
  after(() => h.close());
  beforeEach(async () => {
    h.sandbox.reset();
    iam = await memberIam(h.sandbox.url, ACCOUNT);
  });
  afterEach(() => {
    // The member policy grants what the registry declares: revoke's entry and its undo's.
    const declared = [
      ...revokeIamUserCredentials.permissions,
      ...(revokeIamUserCredentials.undo?.permissions ?? []),
    ];
    assert.deepEqual(undeclaredIamCalls(h.sandbox.knobs.calls, declared), []);
  });

  it('reactivates the keys and deletes the deny policy, says the password cannot come back, once', async () => {
    const policiesBefore = await inlinePolicies();
    const revoked = (await revoke()).json();
    assert.equal(revoked.outcome, 'remediated', revoked.summary);
    assert.deepEqual(await keyStatuses(), ALL_INACTIVE);
    assert.equal(await hasPassword(), false);

    const preview = (
      await undo(h, t.responder, { remediationId: revoked.remediationId, dryRun: true })
    ).json();
    assert.equal(preview.outcome, 'planned', preview.summary);
    assert.deepEqual(
      preview.steps.map((step: { action: string }) => step.action),
      ['iam:UpdateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteUserPolicy'],
    );
    assert.match(preview.summary, /console password cannot come back/);
    assert.deepEqual(await keyStatuses(), ALL_INACTIVE);

    h.sandbox.knobs.calls = [];
    const undone = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(undone.outcome, 'remediated', undone.summary);
    assert.deepEqual(apiWrites(), ['UpdateAccessKey', 'UpdateAccessKey', 'DeleteUserPolicy']);
    assert.deepEqual(await keyStatuses(), ALL_ACTIVE);
    assert.deepEqual(await inlinePolicies(), policiesBefore, `${DENY} is gone, nothing else`);
    assert.equal(await hasPassword(), false);
    assert.match(
      undone.summary,
      /reactivated access keys AKIASVCBACKUPADMIN01 and AKIASVCBACKUPADMIN02 and deleted the deny policy AWSRevokeOlderSessions\. Its console password cannot come back/,
    );
    assert.equal(undone.details.cannotRestore.length, 1);
    assert.match(
      undone.details.cannotRestore[0],
      /console password of svc-backup-admin.*never reveals/,
    );
    assert.equal(undone.details.removed.length, 1);
    assert.equal(undone.details.restored.length, 2);

    const twice = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(twice.outcome, 'refused');
    assert.match(twice.summary, /already undone by remediation .*runs only once/);
    const record = (
      await h.call(t.auditor, { url: `/remediations/${revoked.remediationId}` })
    ).json().remediation;
    assert.equal(record.undo.undoneBy, undone.remediationId);
    assert.match(record.undo.description, /console password cannot be restored/);
  });

  it('finishes on a rerun after AWS fails halfway', async () => {
    const revoked = (await revoke()).json();
    assert.equal(revoked.outcome, 'remediated', revoked.summary);
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'UpdateAccessKey',
      code: 'ServiceFailure',
      status: 500,
      after: 1,
    });
    const partial = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(partial.outcome, 'partially_remediated', partial.summary);
    assert.match(partial.summary, /1 of 3 steps were done .*Run the same undo again/);
    assert.deepEqual(
      partial.steps.map((step: { status: string }) => step.status),
      ['done', 'failed', 'skipped'],
    );
    assert.deepEqual(await keyStatuses(), {
      AKIASVCBACKUPADMIN01: 'Active',
      AKIASVCBACKUPADMIN02: 'Inactive',
    });
    assert.ok((await inlinePolicies()).includes(DENY), 'older sessions stay denied meanwhile');

    h.sandbox.knobs.clearFaults();
    const rerun = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    assert.deepEqual(
      rerun.steps.map((step: { action: string }) => step.action),
      ['iam:UpdateAccessKey', 'iam:DeleteUserPolicy'],
      'only the key still inactive is reactivated',
    );
    assert.deepEqual(await keyStatuses(), ALL_ACTIVE);
    assert.ok(!(await inlinePolicies()).includes(DENY));
  });

  it('puts back the unrelated policy of the same name that the containment replaced', async () => {
    const earlier = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }],
    });
    await iam.send(
      new PutUserPolicyCommand({ UserName: USER, PolicyName: DENY, PolicyDocument: earlier }),
    );
    const revoked = (await revoke()).json();
    assert.equal(revoked.details.previousDenyPolicyDocument, earlier);
    const undone = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(undone.outcome, 'remediated', undone.summary);
    assert.equal(undone.steps.at(-1).action, 'iam:PutUserPolicy');
    assert.match(undone.summary, /put back the earlier policy AWSRevokeOlderSessions/);
    assert.equal(await denyDocument(), earlier);
    assert.deepEqual(await keyStatuses(), ALL_ACTIVE);
  });

  it('undoing a second containment keeps the first one in force', async () => {
    const first = (await revoke()).json();
    assert.equal(first.outcome, 'remediated', first.summary);
    const firstDocument = await denyDocument();
    // The attacker's key is found active again (say, an admin turned it on by mistake).
    const [key] = Object.keys(await keyStatuses());
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId: key, Status: 'Active' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = (await revoke()).json();
    assert.equal(second.outcome, 'remediated', second.summary);
    assert.notEqual(await denyDocument(), firstDocument);
    const undone = (await undo(h, t.responder, { remediationId: second.remediationId })).json();
    assert.equal(undone.outcome, 'remediated', undone.summary);
    assert.equal(
      await denyDocument(),
      firstDocument,
      'sessions before the first containment stay denied',
    );
  });

  it('leaves a deny policy that was replaced since in place', async () => {
    const revoked = (await revoke()).json();
    const later = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
    });
    await iam.send(
      new PutUserPolicyCommand({ UserName: USER, PolicyName: DENY, PolicyDocument: later }),
    );
    const undone = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(undone.outcome, 'remediated', undone.summary);
    assert.deepEqual(
      undone.steps.map((step: { action: string }) => step.action),
      ['iam:UpdateAccessKey', 'iam:UpdateAccessKey'],
    );
    assert.ok(
      undone.details.notes.some((note: string) =>
        /replaced by a different document .*leaves it in place/.test(note),
      ),
      undone.details.notes.join(' | '),
    );
    assert.equal(await denyDocument(), later);
    assert.deepEqual(await keyStatuses(), ALL_ACTIVE);
  });

  it('changes nothing when an administrator already reversed the containment by hand', async () => {
    const revoked = (await revoke()).json();
    await Promise.all(
      Object.keys(ALL_ACTIVE).map((AccessKeyId) =>
        iam.send(new UpdateAccessKeyCommand({ UserName: USER, AccessKeyId, Status: 'Active' })),
      ),
    );
    await iam.send(new DeleteUserPolicyCommand({ UserName: USER, PolicyName: DENY }));
    h.sandbox.knobs.calls = [];
    const answer = (await undo(h, t.responder, { remediationId: revoked.remediationId })).json();
    assert.equal(answer.outcome, 'already_compliant', answer.summary);
    assert.match(
      answer.summary,
      /Nothing of remediation .* is left to undo on IAM user svc-backup-admin.*console password cannot come back/,
    );
    assert.equal(answer.details.cannotRestore.length, 1);
    assert.deepEqual(apiWrites(), []);
  });
});
