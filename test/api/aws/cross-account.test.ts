import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';

const groupUrl = (accountId: string, groupId = 'sg-0a1b2c3d4e5f60005') =>
  `/security-groups?accountId=${accountId}&region=us-east-1&groupId=${groupId}`;

describe('acting in member accounts', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ ALLOWED_ACCOUNTS: '222222222222,333333333333,444444444444' });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  const assumeRoleCalls = () => h.sandbox.knobs.calls.filter((c) => c.action === 'AssumeRole');

  it('assumes the role once per requester and account, then reuses the credentials', async () => {
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    const responder = h.tokens.user('responder', { groups: ['security-responders'] });
    for (let i = 0; i < 5; i += 1) {
      assert.equal((await h.call(analyst, { url: groupUrl('222222222222') })).statusCode, 200);
    }
    assert.equal(assumeRoleCalls().length, 1);
    await h.call(responder, { url: groupUrl('222222222222') });
    await h.call(analyst, { url: groupUrl('333333333333', 'sg-0a1b2c3d4e5f60201') });
    assert.equal(assumeRoleCalls().length, 3, 'a new requester or account needs its own session');
    const identities = h.sandbox.knobs.calls
      .filter((c) => c.service === 'ec2')
      .map((c) => `${c.accountId}/${c.sourceIdentity}`);
    assert.deepEqual([...new Set(identities)].sort(), [
      '222222222222/analyst',
      '222222222222/responder',
      '333333333333/analyst',
    ]);
  });

  it('explains, in a 2XX answer, an account where the remediation role is missing', async () => {
    const response = await h.call(h.tokens.machine('sandbox-jira'), {
      method: 'POST',
      url: '/security-groups/close-port',
      payload: {
        accountId: '444444444444',
        region: 'us-east-1',
        groupId: 'sg-0a1b2c3d4e5f60001',
        reason: 'test',
      },
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.outcome, 'failed');
    assert.match(body.summary, /cannot act in account 444444444444/);
    assert.equal(
      h.sandbox.knobs.calls.filter((c) => c.service === 'ec2').length,
      0,
      'nothing is attempted without the role',
    );
  });
});
