import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { STSClient } from '@aws-sdk/client-sts';
import { AllowedAccounts } from '../../../api/aws/allowed-accounts.js';
import { organizationOf } from '../../../infra/local/sandbox/aws/organizations/state.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';

/** A generated member's first group in us-east-1, read through the API's read pipeline. */
function generatedGroup(h: Harness) {
  const organization = organizationOf(h.sandbox.world);
  const known = new Set<string>([SEED.accounts.security, ...SEED.memberAccounts, '999999999999']);
  const account = organization?.accounts.find(
    (a) =>
      a.status === 'ACTIVE' &&
      !known.has(a.id) &&
      h.sandbox.world.accounts.get(a.id)?.iam.roles.has(SEED.remediationRoleName),
  );
  const group = [
    ...(h.sandbox.world.accounts
      .get(account?.id ?? '')
      ?.ec2.get('us-east-1')
      ?.securityGroups.keys() ?? []),
  ][0];
  return { accountId: account?.id ?? '', groupId: group ?? '' };
}

const url = (accountId: string, groupId: string) =>
  `/security-groups?accountId=${accountId}&region=us-east-1&groupId=${groupId}`;

describe('allowed accounts read from the organisation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      ALLOWED_ACCOUNTS_SOURCE: 'organization',
      ORGANIZATION_ACCOUNTS_TTL_SECONDS: '10',
    });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());
  const listCalls = () =>
    h.sandbox.knobs.callsMatching({ service: 'organizations', action: 'ListAccounts' });

  it('lets the API act in a member account that is in no configured list', async () => {
    const { accountId, groupId } = generatedGroup(h);
    assert.ok(!h.config.allowedAccounts.includes(accountId));
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    const response = await h.call(analyst, { url: url(accountId, groupId) });
    assert.equal(response.json().outcome, 'answered', response.body);
    // Read once, with every page followed, then kept: a second request reads nothing more.
    const pages = listCalls().length;
    assert.ok(pages > 1);
    await h.call(analyst, { url: url(accountId, groupId) });
    assert.equal(listCalls().length, pages);
  });

  it('reads the organisation again once the TTL has passed, and sees an account that left', async () => {
    let now = 0;
    const allowed = new AllowedAccounts(
      h.config,
      new STSClient({ region: 'us-east-1' }),
      undefined,
      () => now,
    );
    const first = await allowed.list();
    assert.equal(first.length, 20);
    assert.ok(!first.includes('999999999999') && !first.includes(SEED.accounts.security));
    const organization = organizationOf(h.sandbox.world);
    const leaving = organization?.accounts.find((a) => a.id === SEED.accounts.data);
    if (leaving) leaving.status = 'SUSPENDED';
    now = 9_000;
    assert.ok((await allowed.list()).includes(SEED.accounts.data), 'kept within the TTL');
    now = 10_001;
    assert.ok(!(await allowed.list()).includes(SEED.accounts.data), 'read again after it');
  });

  it('refuses the management account, the suspended one and accounts outside the organisation', async () => {
    const organization = organizationOf(h.sandbox.world);
    const suspended = organization?.accounts.find((a) => a.status === 'SUSPENDED')?.id ?? '';
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    for (const accountId of ['999999999999', suspended, '123456789012', SEED.accounts.security]) {
      const body = (await h.call(analyst, { url: url(accountId, 'sg-0a1b2c3d4e5f60005') })).json();
      assert.equal(body.outcome, 'refused', accountId);
      assert.match(body.summary, new RegExp(`account ${accountId} is not one this API may act in`));
    }
  });
});

describe('allowed accounts when the organisation cannot be read', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ ALLOWED_ACCOUNTS_SOURCE: 'organization' });
  });
  after(() => h.close());

  it('does nothing and says why, without touching the member account', async () => {
    h.sandbox.knobs.addFault({
      service: 'organizations',
      action: 'ListAccounts',
      code: 'AccessDeniedException',
      status: 400,
    });
    const responder = h.tokens.user('responder', { groups: ['security-responders'] });
    const response = await h.call(responder, {
      method: 'POST',
      url: '/security-groups/close-port',
      payload: {
        accountId: SEED.accounts.production,
        region: 'us-east-1',
        groupId: SEED.securityGroups.webFrontend,
        port: 22,
        reason: 'test',
      },
    });
    const body = response.json();
    assert.equal(body.outcome, 'failed', response.body);
    assert.match(body.summary, /could not read the organisation's list of accounts/);
    assert.equal(body.retryable, 'allow_list_unavailable');
    assert.equal(h.sandbox.knobs.callsMatching({ service: 'ec2' }).length, 0);
  });
});
