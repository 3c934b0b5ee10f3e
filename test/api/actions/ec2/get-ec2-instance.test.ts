import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { WORKLOADS } from '../../../../infra/local/sandbox/aws/incident-workloads.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';

const { accountId: ACCOUNT, region: REGION, instances } = WORKLOADS;

describe('getEc2Instance', () => {
  let h: Harness;
  let analyst: string;
  const get = (instanceId: string, region = REGION) =>
    h.call(analyst, {
      url: `/ec2/instances?accountId=${ACCOUNT}&region=${region}&instanceId=${instanceId}`,
    });

  before(async () => {
    h = await startHarness();
    analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('explains the compromised web server: exposure, credentials, load balancing', async () => {
    const response = await get(instances.webServer);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.found, true);
    assert.equal(body.name, 'web-1');
    assert.deepEqual(body.publicIps, [WORKLOADS.webServer.publicIp]);
    const primary = body.networkInterfaces[0];
    assert.equal(primary.securityGroups[0].groupName, 'web-frontend');
    assert.ok(
      primary.securityGroups[0].openToTheInternet.includes('tcp 22 (SSH) from anywhere (IPv4)'),
    );
    assert.deepEqual(body.instanceProfile, {
      name: WORKLOADS.instanceProfile,
      roleName: WORKLOADS.role,
    });
    assert.equal(body.metadataEndpoint, 'enabled');
    assert.equal(body.metadataTokensRequired, false);
    assert.equal(body.terminationProtection, false);
    assert.equal(body.shutdownBehavior, 'terminate');
    assert.deepEqual(body.volumes, [
      'vol-05eed0000000000a1 on /dev/xvda',
      'vol-05eed0000000000a2 on /dev/xvdf',
    ]);
    assert.deepEqual(body.autoScalingGroup, { name: 'web-asg', lifecycleState: 'InService' });
    assert.deepEqual([...body.targetGroups].sort(), [
      'web-admin-tg port 8443 (healthy)',
      'web-tg port 80 (healthy)',
    ]);
    assert.equal(body.isolated, false);
    assert.match(body.summary, /SSH/);
    assert.match(body.summary, /role web-server-role/);
    assert.match(body.summary, /not isolated/);
  });

  it('says when an instance is isolated, protected or missing', async () => {
    const isolated = (await get(instances.alreadyIsolated)).json();
    assert.equal(isolated.isolated, true, isolated.summary);
    assert.equal(isolated.isolationId, WORKLOADS.earlierIsolationId);
    assert.match(isolated.summary, /It is isolated/);
    const guarded = (await get(instances.protectedDb)).json();
    assert.equal(guarded.protected, true);
    assert.match(guarded.summary, /protected/);
    const missing = (await get('i-0000000000000dead')).json();
    assert.equal(missing.found, false);
    assert.match(missing.summary, /There is no instance/);
  });

  it('answers 400 for a malformed instance id, before any AWS call', async () => {
    const response = await get('web-1');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /EC2 instance id/);
  });
});
