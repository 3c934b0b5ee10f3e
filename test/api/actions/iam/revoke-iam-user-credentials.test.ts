import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { revokeIamUserCredentials } from '../../../../api/actions/revoke-iam-user-credentials/action.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { memberIam, undeclaredIamCalls } from '../../../helpers/member-iam.js';

const ACCOUNT = SEED.accounts.production;
const WRITES = /^(Delete|Deactivate|Detach|Remove|Update|Put)/;

describe('revokeIamUserCredentials', () => {
  let h: Harness;
  let analyst: string;
  let iam: IAMClient;
  const revoke = (body: Record<string, unknown>, token = analyst) =>
    h.call(token, {
      method: 'POST',
      url: '/iam/users/revoke-credentials',
      payload: {
        accountId: ACCOUNT,
        reason: 'Keys used from an unknown IP',
        ticket: 'SEC-103',
        ...body,
      },
    });
  const writes = () =>
    h.sandbox.knobs.calls
      .filter((call) => call.service === 'iam' && WRITES.test(call.action))
      .map((call) => call.action);
  const keyStatuses = async (userName: string) =>
    Object.fromEntries(
      (
        (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? []
      ).map((key) => [key.AccessKeyId, key.Status]),
    );
  const hasPassword = async (userName: string) =>
    iam.send(new GetLoginProfileCommand({ UserName: userName })).then(
      () => true,
      (error) => {
        assert.equal(error.Code, 'NoSuchEntity');
        return false;
      },
    );
  const denyPolicy = async (userName: string) => {
    const { PolicyDocument } = await iam.send(
      new GetUserPolicyCommand({ UserName: userName, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    return decodeURIComponent(PolicyDocument ?? '');
  };

  before(async () => {
    h = await startHarness();
    analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
  });
  after(() => h.close());
  beforeEach(async () => {
    h.sandbox.reset();
    iam = await memberIam(h.sandbox.url, ACCOUNT);
    h.sandbox.knobs.calls = [];
  });
  afterEach(() => {
    assert.deepEqual(
      undeclaredIamCalls(h.sandbox.knobs.calls, revokeIamUserCredentials.permissions),
      [],
    );
  });

  it('plans deactivating the keys, removing the password and revoking sessions, changing nothing', async () => {
    const body = (await revoke({ userName: 'svc-backup-admin', dryRun: true })).json();
    assert.equal(body.outcome, 'planned', body.summary);
    assert.deepEqual(
      body.steps.map((step: { action: string }) => step.action),
      ['iam:UpdateAccessKey', 'iam:UpdateAccessKey', 'iam:DeleteLoginProfile', 'iam:PutUserPolicy'],
    );
    assert.match(
      body.summary,
      /deactivate 2 active access keys, remove its console password and deny/,
    );
    assert.deepEqual(writes(), []);
  });

  it('contains an attacker user reversibly, with the exact deny policy, and a rerun is already compliant', async () => {
    const before = new Date();
    const body = (await revoke({ userName: 'svc-backup-admin' })).json();
    const afterTime = new Date();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual(await keyStatuses('svc-backup-admin'), {
      AKIASVCBACKUPADMIN01: 'Inactive',
      AKIASVCBACKUPADMIN02: 'Inactive',
    });
    assert.equal(await hasPassword('svc-backup-admin'), false);
    const issuedBefore = body.details.sessionsIssuedBefore;
    assert.ok(new Date(issuedBefore) >= before && new Date(issuedBefore) <= afterTime);
    assert.equal(
      await denyPolicy('svc-backup-admin'),
      `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"${issuedBefore}"}}}]}`,
    );
    assert.deepEqual(
      body.details.accessKeys.map((k: { previousStatus: string; status: string }) => [
        k.previousStatus,
        k.status,
      ]),
      [
        ['Active', 'Inactive'],
        ['Active', 'Inactive'],
      ],
    );
    assert.equal(body.details.consolePasswordExisted, true);
    assert.ok(
      body.details.undo.some((line: string) =>
        /Reactivate access key AKIASVCBACKUPADMIN01/.test(line),
      ),
    );
    assert.match(
      body.summary,
      /deactivated access keys AKIASVCBACKUPADMIN01 and AKIASVCBACKUPADMIN02/,
    );

    h.sandbox.knobs.calls = [];
    const again = (await revoke({ userName: 'svc-backup-admin' })).json();
    assert.equal(again.outcome, 'already_compliant', again.summary);
    assert.match(again.summary, new RegExp(`before ${issuedBefore}`));
    assert.deepEqual(writes(), []);
  });

  it('deactivates only the keys that are active and records each previous status', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'half-active' }));
    const first = await iam.send(new CreateAccessKeyCommand({ UserName: 'half-active' }));
    const second = await iam.send(new CreateAccessKeyCommand({ UserName: 'half-active' }));
    const inactiveId = first.AccessKey?.AccessKeyId ?? '';
    const activeId = second.AccessKey?.AccessKeyId ?? '';
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'half-active',
        AccessKeyId: inactiveId,
        Status: 'Inactive',
      }),
    );
    h.sandbox.knobs.calls = [];
    const body = (await revoke({ userName: 'half-active' })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual(
      writes(),
      ['UpdateAccessKey', 'PutUserPolicy'],
      'no password, no DeleteLoginProfile',
    );
    const updated = h.sandbox.knobs.calls.find((call) => call.action === 'UpdateAccessKey');
    assert.equal(updated?.params.AccessKeyId, activeId);
    const previous = Object.fromEntries(
      body.details.accessKeys.map((k: { accessKeyId: string; previousStatus: string }) => [
        k.accessKeyId,
        k.previousStatus,
      ]),
    );
    assert.deepEqual(previous, { [activeId]: 'Active', [inactiveId]: 'Inactive' });
  });

  it('stops at a failure halfway, and a rerun finishes without repeating what was done', async () => {
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'DeleteLoginProfile',
      code: 'AccessDenied',
    });
    const body = (await revoke({ userName: 'support-audit' })).json();
    assert.equal(body.outcome, 'partially_remediated');
    assert.deepEqual(
      body.steps.map((s: { status: string }) => s.status),
      ['done', 'done', 'failed', 'skipped'],
    );
    assert.match(body.summary, /only partly contained/);
    assert.equal(
      body.details.accessKeys.filter((k: { status: string }) => k.status === 'Inactive').length,
      2,
    );
    assert.equal(await hasPassword('support-audit'), true);
    h.sandbox.knobs.clearFaults();
    h.sandbox.knobs.calls = [];
    const rerun = (await revoke({ userName: 'support-audit' })).json();
    assert.equal(rerun.outcome, 'remediated', rerun.summary);
    assert.deepEqual(writes(), ['DeleteLoginProfile', 'PutUserPolicy']);
    assert.equal(await hasPassword('support-audit'), false);
  });

  it('refuses protected users and answers failed for a user that does not exist', async () => {
    const legal = (await revoke({ userName: SEED.iam.legalHoldUser })).json();
    assert.equal(legal.outcome, 'refused');
    assert.match(legal.summary, /remediation:protected/);
    const breakGlass = (await revoke({ userName: SEED.iam.breakGlassUser })).json();
    assert.equal(breakGlass.outcome, 'refused');
    const missing = (await revoke({ userName: 'nobody-here' })).json();
    assert.equal(missing.outcome, 'failed');
    assert.match(missing.summary, /no IAM user named nobody-here/);
    assert.deepEqual(writes(), []);
  });

  it('shows in getIamUser that the user is contained', async () => {
    const body = (await revoke({ userName: 'devops-temp' })).json();
    const user = (
      await h.call(analyst, { url: `/iam/users?accountId=${ACCOUNT}&userName=devops-temp` })
    ).json();
    assert.equal(user.sessionsRevokedBefore, body.details.sessionsIssuedBefore);
    assert.equal(user.consolePassword, false);
    assert.match(user.accessKeys[0].description, /inactive/);
    // The read operation's calls are checked against its own declaration in get-iam-user.test.ts.
    h.sandbox.knobs.calls = [];
  });
});
