import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { getIamUser } from '../../../../api/actions/get-iam-user/action.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { createLoadedUser, memberIam, undeclaredIamCalls } from '../../../helpers/member-iam.js';

const ACCOUNT = SEED.accounts.production;

describe('getIamUser', () => {
  let h: Harness;
  const get = (userName: string) =>
    h.call(
      h.tokens.user('auditor', { groups: ['security-auditors'], scopes: ['remediation-api/read'] }),
      { url: `/iam/users?accountId=${ACCOUNT}&userName=${encodeURIComponent(userName)}` },
    );
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());
  afterEach(() => {
    assert.deepEqual(undeclaredIamCalls(h.sandbox.knobs.calls, getIamUser.permissions), []);
  });

  it('tells an analyst what an attacker user holds and when each key was last used', async () => {
    const response = await get('support-audit');
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.found, true);
    assert.equal(body.protected, false);
    assert.match(
      body.accessKeys[0].description,
      /^Access key AKIASUPPORTAUDIT0001 \(active, created 16 Jun 2025\) was last used \d+ (years?|months?|days?) ago \(16 Jun 2025\) for sts in us-east-1\.$/,
    );
    assert.equal(
      body.accessKeys[1].description,
      'Access key AKIASUPPORTAUDIT0002 (active, created 16 Jun 2025) has never been used.',
    );
    assert.match(
      body.summary,
      /IAM user support-audit was created 16 Jun 2025 and holds a console password, 2 access keys \(2 active\)/,
    );
    assert.match(body.summary, /AdministratorAccess attached directly/);
    assert.deepEqual(body.groups, [SEED.iam.adminGroup]);
    assert.deepEqual(body.serviceSpecificCredentials.length, 1);
    assert.ok(body.items.includes('Member of group ops-admins.'));
    assert.ok(body.policyReferences.some((ref: { id: string }) => ref.id === 'IAM-05'));
  });

  it('flags protected users with the reason, and says when a user does not exist', async () => {
    const breakGlass = (await get(SEED.iam.breakGlassUser)).json();
    assert.equal(breakGlass.protected, true);
    assert.match(breakGlass.protectedReason, /break-glass/);
    assert.match(breakGlass.items.join(' '), /Hardware MFA device/);
    const legal = (await get(SEED.iam.legalHoldUser)).json();
    assert.equal(legal.protected, true);
    assert.match(legal.summary, /remediation:protected/);
    const missing = (await get('nobody-here')).json();
    assert.equal(missing.found, false);
    assert.match(missing.summary, /no IAM user named nobody-here/);
  });

  it('lists every item beyond the first page', async () => {
    const iam = await memberIam(h.sandbox.url, ACCOUNT);
    await createLoadedUser(iam, h.sandbox, ACCOUNT, 'many-things', {
      inlinePolicies: 8,
      groups: 5,
      virtualMfa: 4,
      sshPublicKeys: 4,
    });
    h.sandbox.knobs.setPageSize('ListUserPolicies', 3);
    h.sandbox.knobs.setPageSize('ListGroupsForUser', 2);
    h.sandbox.knobs.setPageSize('ListMFADevices', 3);
    h.sandbox.knobs.setPageSize('ListSSHPublicKeys', 1);
    h.sandbox.knobs.calls = [];
    const body = (await get('many-things')).json();
    assert.equal(body.inlinePolicies.length, 8);
    assert.equal(body.groups.length, 5);
    assert.equal(body.mfaDevices.length, 4);
    assert.equal(body.sshPublicKeys.length, 4);
    assert.ok(
      h.sandbox.knobs.calls.filter((call) => call.action === 'ListUserPolicies').length >= 3,
    );
  });

  it('reads only: no IAM call that changes anything', async () => {
    await get('svc-backup-admin');
    const actions = h.sandbox.knobs.calls
      .filter((call) => call.service === 'iam')
      .map((c) => c.action);
    assert.ok(actions.length > 0);
    assert.ok(
      actions.every((action) => /^(Get|List)/.test(action)),
      actions.join(', '),
    );
  });
});
