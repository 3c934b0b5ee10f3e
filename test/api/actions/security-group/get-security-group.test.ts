import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../../helpers/harness.js';

describe('getSecurityGroup', () => {
  let h: Harness;
  const get = (groupId: string, region = 'us-east-1', accountId = '222222222222') =>
    h.call(
      h.tokens.user('analyst', { groups: ['security-analysts'], scopes: ['remediation-api/read'] }),
      {
        url: `/security-groups?accountId=${accountId}&region=${region}&groupId=${groupId}`,
      },
    );
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('explains what a group exposes to the internet in plain words', async () => {
    const body = (await get('sg-0a1b2c3d4e5f60001')).json();
    assert.equal(body.found, true);
    assert.equal(body.groupName, 'web-frontend');
    assert.deepEqual(
      body.worldOpenRules
        .map((r: { reach: string; source: string }) => `${r.reach} from ${r.source}`)
        .sort(),
      [
        'tcp 22 (SSH) from anywhere (IPv4)',
        'tcp 22 (SSH) from anywhere (IPv6)',
        'tcp 443 (HTTPS) from anywhere (IPv4)',
      ],
    );
    assert.match(body.summary, /administrative port 22.*; ask to close port 22 to fix it\./);
    assert.doesNotMatch(body.summary, /closeSecurityGroupPort/, 'no operation id for a person');
    assert.deepEqual(
      body.policyReferences.map((r: { id: string }) => r.id),
      ['NET-02', 'NET-03'],
    );
    assert.match(body.policyReferences[0].url, /network-access\.md#net-02/);
  });

  it('works in other regions and says when a group is protected or missing', async () => {
    const eu = (await get('sg-0a1b2c3d4e5f60101', 'eu-west-1')).json();
    assert.match(eu.summary, /administrative ports 22, 3389.*ask to close port 22, then port 3389/);
    const bastion = (await get('sg-0a1b2c3d4e5f60004')).json();
    assert.equal(bastion.protected, true);
    assert.match(bastion.summary, /protected/);
    const missing = (await get('sg-0fffffffffffffff0')).json();
    assert.equal(missing.found, false);
  });
});
