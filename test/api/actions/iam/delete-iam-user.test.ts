import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateUserCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { deleteIamUser } from '../../../../api/actions/delete-iam-user/action.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { createLoadedUser, memberIam, undeclaredIamCalls } from '../../../helpers/member-iam.js';

const ACCOUNT = SEED.accounts.production;
const WRITES = /^(Delete|Deactivate|Detach|Remove|Update|Put)/;
const LIST_ACTIONS = [
  'ListAccessKeys',
  'ListSigningCertificates',
  'ListSSHPublicKeys',
  'ListServiceSpecificCredentials',
  'ListMFADevices',
  'ListUserPolicies',
  'ListAttachedUserPolicies',
  'ListGroupsForUser',
];

interface Step {
  action: string;
  status: string;
  error?: string;
}

describe('deleteIamUser', () => {
  let h: Harness;
  let responder: string;
  let iam: IAMClient;
  const remove = (body: Record<string, unknown>, token = responder) =>
    h.call(token, {
      method: 'POST',
      url: '/iam/users/delete',
      payload: {
        accountId: ACCOUNT,
        reason: 'Created by the attacker',
        ticket: 'SEC-102',
        ...body,
      },
    });
  const writes = () =>
    h.sandbox.knobs.calls
      .filter((call) => call.service === 'iam' && WRITES.test(call.action))
      .map((call) => call.action);
  const exists = async (userName: string) => {
    try {
      await iam.send(new GetUserCommand({ UserName: userName }));
      return true;
    } catch (error) {
      assert.equal((error as { Code?: string }).Code, 'NoSuchEntity');
      return false;
    }
  };
  const actions = (steps: Step[]) => steps.map((step) => step.action.replace('iam:', ''));

  before(async () => {
    h = await startHarness();
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
  });
  after(() => h.close());
  beforeEach(async () => {
    h.sandbox.reset();
    iam = await memberIam(h.sandbox.url, ACCOUNT);
    h.sandbox.knobs.calls = [];
  });
  afterEach(() => {
    assert.deepEqual(undeclaredIamCalls(h.sandbox.knobs.calls, deleteIamUser.permissions), []);
  });

  it('plans every item of an attacker user in the order AWS requires, changing nothing', async () => {
    const response = await remove({
      userName: 'svc-backup-admin',
      dryRun: true,
      ticket: undefined,
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.outcome, 'planned');
    assert.deepEqual(actions(body.steps), [
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'DeleteAccessKey',
      'DeleteSigningCertificate',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'DeleteUserPolicy',
      'DetachUserPolicy',
      'RemoveUserFromGroup',
      'DeleteUser',
    ]);
    assert.match(
      body.steps[1].description,
      /AKIASVCBACKUPADMIN01 \(active, created 16 Jun 2025, last used 16 Jun 2025 for iam in us-east-1\)/,
    );
    assert.match(body.summary, /Would delete IAM user svc-backup-admin/);
    assert.match(body.summary, /cannot be undone/);
    assert.deepEqual(body.target, {
      accountId: ACCOUNT,
      resourceType: 'IAM user',
      resourceId: 'svc-backup-admin',
    });
    assert.deepEqual(writes(), []);
    assert.equal(await exists('svc-backup-admin'), true);
  });

  for (const userName of SEED.iam.attackerUsers) {
    it(`deletes ${userName} completely, keeps the evidence, and a rerun is already compliant`, async () => {
      const body = (await remove({ userName })).json();
      assert.equal(body.outcome, 'remediated', body.summary);
      assert.ok(body.steps.every((step: Step) => step.status === 'done'));
      assert.equal(await exists(userName), false);
      // The virtual MFA device is gone too, not left behind unassigned.
      const { VirtualMFADevices } = await iam.send(new ListVirtualMFADevicesCommand({}));
      assert.ok(!VirtualMFADevices?.some((d) => d.SerialNumber?.endsWith(`mfa/${userName}`)));
      const keyIds = SEED.iam.accessKeys[userName];
      assert.deepEqual(
        body.details.accessKeys.map((key: { accessKeyId: string }) => key.accessKeyId).sort(),
        [...keyIds].sort(),
      );
      for (const id of keyIds) assert.match(body.summary, new RegExp(id));
      assert.equal(body.details.userDeleted, true);
      assert.deepEqual(body.details.groups, [SEED.iam.adminGroup]);
      assert.deepEqual(
        body.details.attachedPolicies.map((p: { policyArn: string }) => p.policyArn),
        [SEED.iam.administratorAccessArn],
      );
      assert.equal(body.details.inlinePolicies.length, 1);
      assert.deepEqual(JSON.parse(body.details.inlinePolicies[0].document).Statement, [
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ]);
      assert.deepEqual(writes().sort(), actions(body.steps).sort(), 'one call per planned step');
      const again = (await remove({ userName })).json();
      assert.equal(again.outcome, 'already_compliant');
      assert.match(again.summary, /nothing to delete/);
    });
  }

  it('makes no Delete call for an item the user does not have', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'empty-user' }));
    h.sandbox.knobs.calls = [];
    const body = (await remove({ userName: 'empty-user' })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual(writes(), ['DeleteUser']);
    assert.match(body.summary, /it owned nothing else/);
    h.sandbox.knobs.calls = [];
    // devops-temp has an SSH key but no signing certificate or service credential.
    const devops = (await remove({ userName: 'devops-temp' })).json();
    assert.equal(devops.outcome, 'remediated', devops.summary);
    assert.ok(writes().includes('DeleteSSHPublicKey'));
    assert.ok(!writes().includes('DeleteSigningCertificate'));
    assert.ok(!writes().includes('DeleteServiceSpecificCredential'));
  });

  it('finds every item of a user with more than a page of each, and deletes it', async () => {
    await createLoadedUser(iam, h.sandbox, ACCOUNT, 'crowded-user', {
      loginProfile: true,
      accessKeys: 2,
      signingCertificates: 2,
      sshPublicKeys: 5,
      serviceCredentials: 2,
      virtualMfa: 6,
      hardwareMfa: 2,
      inlinePolicies: 7,
      managedPolicies: 5,
      groups: 4,
    });
    // IAM may answer fewer items than MaxItems while more remain: pages of one item make it so.
    for (const action of LIST_ACTIONS) h.sandbox.knobs.setPageSize(action, 1);
    h.sandbox.knobs.calls = [];
    const plan = (await remove({ userName: 'crowded-user', dryRun: true })).json();
    const { details } = plan;
    assert.deepEqual(
      [
        details.accessKeys.length,
        details.signingCertificates.length,
        details.sshPublicKeys.length,
        details.serviceSpecificCredentials.length,
        details.mfaDevices.length,
        details.inlinePolicies.length,
        details.attachedPolicies.length,
        details.groups.length,
      ],
      [2, 2, 5, 2, 8, 7, 5, 4],
    );
    const followed = new Set(
      h.sandbox.knobs.calls.filter((call) => call.params.Marker !== undefined).map((c) => c.action),
    );
    assert.deepEqual(
      [...followed].sort(),
      [...LIST_ACTIONS].sort(),
      'every List is followed to its end',
    );
    const body = (await remove({ userName: 'crowded-user' })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.equal(await exists('crowded-user'), false);
    // Hardware devices can only be deactivated; the six virtual ones are deleted.
    assert.equal(actions(body.steps).filter((a) => a === 'DeactivateMFADevice').length, 8);
    assert.equal(actions(body.steps).filter((a) => a === 'DeleteVirtualMFADevice').length, 6);
  });

  it('stops at a failure halfway, reports what it did, and a rerun finishes the job', async () => {
    h.sandbox.knobs.addFault({ service: 'iam', action: 'DeleteUserPolicy', code: 'AccessDenied' });
    const body = (await remove({ userName: 'svc-backup-admin' })).json();
    assert.equal(body.outcome, 'partially_remediated');
    assert.deepEqual(
      body.steps.map((step: Step) => step.status),
      ['done', 'done', 'done', 'done', 'done', 'done', 'failed', 'skipped', 'skipped', 'skipped'],
    );
    assert.match(body.steps[6].error, /AccessDenied/);
    assert.match(body.summary, /not fully deleted/);
    assert.match(body.summary, /Run the same request again/);
    assert.equal(body.details.accessKeys.length, 2, 'the deleted key ids are reported');
    assert.equal(body.details.userDeleted, false);
    assert.equal(await exists('svc-backup-admin'), true);
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'svc-backup-admin' }));
    assert.deepEqual(keys.AccessKeyMetadata, []);
    const policies = await iam.send(new ListUserPoliciesCommand({ UserName: 'svc-backup-admin' }));
    assert.deepEqual(policies.PolicyNames, ['backup-full-access']);

    h.sandbox.knobs.clearFaults();
    h.sandbox.knobs.calls = [];
    const rerun = (await remove({ userName: 'svc-backup-admin' })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    assert.deepEqual(actions(rerun.steps), [
      'DeleteUserPolicy',
      'DetachUserPolicy',
      'RemoveUserFromGroup',
      'DeleteUser',
    ]);
    assert.deepEqual(writes(), actions(rerun.steps));
    assert.equal(await exists('svc-backup-admin'), false);
  });

  it('keeps a containment deny policy until the very last step before DeleteUser', async () => {
    const user = SEED.iam.attackerUsers[0] as string;
    // As revokeIamUserCredentials leaves it: sessions issued before now are denied.
    const contain = () =>
      iam.send(
        new PutUserPolicyCommand({
          UserName: user,
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: '*',
                Resource: '*',
                Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date().toISOString() } },
              },
            ],
          }),
        }),
      );
    await contain();
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'DetachUserPolicy',
      code: 'AccessDenied',
      status: 403,
    });
    assert.equal((await remove({ userName: user })).json().outcome, 'partially_remediated');
    const left = await iam.send(new ListUserPoliciesCommand({ UserName: user }));
    assert.deepEqual(left.PolicyNames, ['AWSRevokeOlderSessions'], 'older sessions stay denied');

    h.sandbox.reset();
    await contain();
    const body = (await remove({ userName: user })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual(actions(body.steps).slice(-3), [
      'RemoveUserFromGroup',
      'DeleteUserPolicy',
      'DeleteUser',
    ]);
    assert.match(body.steps.at(-2).description, /AWSRevokeOlderSessions/);
  });

  it('retries IAM conflicts that settle and throttling', async () => {
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'DeleteLoginProfile',
      code: 'EntityTemporarilyUnmodifiable',
      status: 409,
      times: 1,
    });
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'DeleteAccessKey',
      code: 'Throttling',
      times: 1,
    });
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'RemoveUserFromGroup',
      code: 'ConcurrentModification',
      status: 409,
      times: 1,
    });
    const body = (await remove({ userName: 'devops-temp' })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const outcomes = (action: string) =>
      h.sandbox.knobs.calls.filter((c) => c.action === action).map((c) => c.outcome);
    assert.deepEqual(outcomes('DeleteLoginProfile'), ['EntityTemporarilyUnmodifiable', 'ok']);
    assert.deepEqual(outcomes('DeleteAccessKey'), ['Throttling', 'ok']);
    assert.deepEqual(outcomes('RemoveUserFromGroup'), ['ConcurrentModification', 'ok']);
  });

  it('counts an item someone else removed meanwhile (NoSuchEntity) as done', async () => {
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'DeleteVirtualMFADevice',
      code: 'NoSuchEntity',
      status: 404,
      times: 1,
    });
    const body = (await remove({ userName: 'support-audit' })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.equal(await exists('support-audit'), false);
  });

  it('refuses break-glass and protected-tag users before any change', async () => {
    const breakGlass = (await remove({ userName: SEED.iam.breakGlassUser })).json();
    assert.equal(breakGlass.outcome, 'refused');
    assert.match(breakGlass.summary, /break-glass identity/);
    const legalHold = (await remove({ userName: SEED.iam.legalHoldUser })).json();
    assert.equal(legalHold.outcome, 'refused');
    assert.match(legalHold.summary, /tag "remediation:protected"/);
    assert.deepEqual(writes(), []);
    assert.equal(await exists(SEED.iam.legalHoldUser), true);
  });

  it('is for responders only: an analyst gets a refusal naming security-responders', async () => {
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    const response = await remove({ userName: 'devops-temp' }, analyst);
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().outcome, 'refused');
    assert.match(response.json().summary, /security-responders/);
    assert.deepEqual(h.sandbox.knobs.calls, []);
  });

  it('asks for a ticket before deleting, calling no AWS API and recording nothing', async () => {
    const entries = async () =>
      (await h.dynamo.client.send(new ScanCommand({ TableName: h.config.audit.tableName }))).Count;
    const before = await entries();
    const response = await remove({ userName: 'devops-temp', ticket: undefined });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().message, /ticket/);
    assert.deepEqual(h.sandbox.knobs.calls, []);
    assert.equal(await entries(), before);
  });

  it('rejects a malformed user name', async () => {
    const response = await remove({ userName: 'no spaces allowed' });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().message, /userName/);
    assert.deepEqual(h.sandbox.knobs.calls, []);
  });
});
