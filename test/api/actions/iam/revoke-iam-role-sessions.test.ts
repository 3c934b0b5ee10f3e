import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { GetRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { revokeIamRoleSessions } from '../../../../api/actions/revoke-iam-role-sessions/action.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { memberIam, undeclaredIamCalls } from '../../../helpers/member-iam.js';

const ACCOUNT = SEED.accounts.production;
const ROLE = SEED.iam.compromisedRole;

describe('revokeIamRoleSessions', () => {
  let h: Harness;
  let responder: string;
  let iam: IAMClient;
  const revoke = (body: Record<string, unknown>, token = responder) =>
    h.call(token, {
      method: 'POST',
      url: '/iam/roles/revoke-sessions',
      payload: {
        accountId: ACCOUNT,
        reason: 'Role used by the attacker',
        ticket: 'SEC-104',
        ...body,
      },
    });
  const puts = () => h.sandbox.knobs.calls.filter((call) => call.action === 'PutRolePolicy');
  const denyPolicy = async (roleName: string) => {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    return decodeURIComponent(PolicyDocument ?? '');
  };
  const exactDocument = (time: string) =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"${time}"}}}]}`;

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
    assert.deepEqual(
      undeclaredIamCalls(h.sandbox.knobs.calls, revokeIamRoleSessions.permissions),
      [],
    );
  });

  it('plans the deny policy without changing anything', async () => {
    const body = (await revoke({ roleName: ROLE, dryRun: true })).json();
    assert.equal(body.outcome, 'planned', body.summary);
    assert.deepEqual(
      body.steps.map((s: { action: string }) => s.action),
      ['iam:PutRolePolicy'],
    );
    assert.match(body.summary, /all sessions of role ci-deploy-role/);
    assert.match(
      JSON.stringify(body.details.notes),
      /Remove the inline policy AWSRevokeOlderSessions/,
    );
    assert.deepEqual(puts(), []);
  });

  it('never advises removing the deny policy when it added none', async () => {
    const advice = /[Rr]emove the inline policy/;
    const refused = (await revoke({ roleName: SEED.iam.ssoRole })).json();
    assert.equal(refused.outcome, 'refused');
    assert.doesNotMatch(JSON.stringify(refused), advice);
    const missing = (await revoke({ roleName: 'no-such-role' })).json();
    assert.equal(missing.outcome, 'failed');
    assert.doesNotMatch(JSON.stringify(missing), advice);
    h.sandbox.knobs.addFault({ service: 'iam', action: 'PutRolePolicy', code: 'AccessDenied' });
    const denied = (await revoke({ roleName: ROLE })).json();
    assert.equal(denied.outcome, 'failed');
    assert.doesNotMatch(JSON.stringify(denied), advice);
  });

  it('attaches AWS’s exact AWSRevokeOlderSessions document; a rerun moves the time forward', async () => {
    const before = new Date();
    const body = (await revoke({ roleName: ROLE })).json();
    assert.equal(body.outcome, 'remediated', body.summary);
    const time = body.details.sessionsIssuedBefore;
    assert.ok(new Date(time) >= before && new Date(time) <= new Date());
    assert.equal(await denyPolicy(ROLE), exactDocument(time));
    assert.equal(body.details.policyDocument, exactDocument(time));
    assert.match(body.summary, new RegExp(`issued before ${time}`));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = (await revoke({ roleName: ROLE })).json();
    assert.equal(again.outcome, 'remediated', again.summary);
    assert.equal(again.details.previousRevocation, time);
    assert.match(again.summary, /replaces the earlier revocation/);
    assert.ok(again.details.sessionsIssuedBefore > time);
    assert.equal(await denyPolicy(ROLE), exactDocument(again.details.sessionsIssuedBefore));
  });

  it('refuses an IAM Identity Center role with guidance, before any write', async () => {
    const body = (await revoke({ roleName: SEED.iam.ssoRole })).json();
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /IAM Identity Center/);
    assert.match(body.summary, /revoke the user's active sessions there/);
    assert.doesNotMatch(body.summary, /UnmodifiableEntity/);
    assert.deepEqual(puts(), []);
  });

  it('refuses a service-linked role and the remediation role itself', async () => {
    const linked = (await revoke({ roleName: SEED.iam.serviceLinkedRole })).json();
    assert.equal(linked.outcome, 'refused');
    assert.match(
      linked.summary,
      /service-linked role that only the AWS service support\.amazonaws\.com/,
    );
    const own = (await revoke({ roleName: SEED.remediationRoleName })).json();
    assert.equal(own.outcome, 'refused');
    assert.match(own.summary, /the role this API itself acts through/);
    assert.deepEqual(puts(), []);
  });

  it('turns an UnmodifiableEntity answer into the same guidance', async () => {
    h.sandbox.knobs.addFault({
      service: 'iam',
      action: 'PutRolePolicy',
      code: 'UnmodifiableEntity',
      message: "Cannot perform the operation on the protected role 'ci-deploy-role'",
    });
    const body = (await revoke({ roleName: ROLE })).json();
    assert.equal(body.outcome, 'failed');
    assert.match(body.summary, /IAM does not allow changing role ci-deploy-role/);
  });

  it('answers failed, in words, when AWS refuses the change or the role does not exist', async () => {
    h.sandbox.knobs.addFault({ service: 'iam', action: 'PutRolePolicy', code: 'AccessDenied' });
    const denied = (await revoke({ roleName: ROLE })).json();
    assert.equal(denied.outcome, 'failed');
    assert.match(denied.summary, /were not revoked/);
    assert.match(denied.steps[0].error, /AccessDenied/);
    const missing = (await revoke({ roleName: 'no-such-role' })).json();
    assert.equal(missing.outcome, 'failed');
    assert.match(missing.summary, /no IAM role named no-such-role/);
  });

  it('is for responders only: an analyst gets a refusal naming security-responders', async () => {
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    const body = (await revoke({ roleName: ROLE }, analyst)).json();
    assert.equal(body.outcome, 'refused');
    assert.match(
      body.summary,
      /analyst.*may not revoke every active session of a compromised IAM role/,
    );
    assert.match(body.summary, /security-responders/);
    assert.doesNotMatch(body.summary, /revokeIamRoleSessions/, 'no operation id for a person');
    assert.deepEqual(h.sandbox.knobs.calls, []);
  });
});

describe('revokeIamRoleSessions with configured break-glass roles', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ PROTECTED_ROLES: `OrganizationAccountAccessRole,${ROLE}` });
  });
  after(() => h.close());

  it('refuses a role named in PROTECTED_ROLES', async () => {
    const body = (
      await h.call(h.tokens.user('responder', { groups: ['security-responders'] }), {
        method: 'POST',
        url: '/iam/roles/revoke-sessions',
        payload: { accountId: ACCOUNT, roleName: ROLE, reason: 'test', ticket: 'SEC-1' },
      })
    ).json();
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /break-glass identity/);
    assert.ok(!h.sandbox.knobs.calls.some((call) => call.action === 'PutRolePolicy'));
  });
});
