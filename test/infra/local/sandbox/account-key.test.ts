import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ec2Client, type Sandbox, startSandbox, stsClient } from './fixture.js';

describe('an account id as access key', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());

  it("acts as that account's root, so the CLI can look at a member account directly", async () => {
    const credentials = { accessKeyId: '222222222222', secretAccessKey: 'x' };
    const identity = await stsClient(sandbox, { credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, 'arn:aws:iam::222222222222:root');
    const groups = await ec2Client(sandbox, { credentials }).send(
      new DescribeSecurityGroupsCommand({}),
    );
    assert.ok(groups.SecurityGroups?.some((g) => g.GroupId === 'sg-0a1b2c3d4e5f60001'));
  });

  it('treats an unknown account id like any other key: the security account', async () => {
    const credentials = { accessKeyId: '999999999999', secretAccessKey: 'x' };
    const identity = await stsClient(sandbox, { credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Account, '111111111111');
  });
});
