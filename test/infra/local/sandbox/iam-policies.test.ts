import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { failure, type Sandbox, SEED, startSandbox } from './fixture.js';
import { policyDocument, productionIam } from './iam-fixture.js';

const DENY_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};

describe('sandbox IAM user policies and groups', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(async () => {
    sandbox.reset();
    iam = await productionIam(sandbox);
  });

  it('puts an inline policy and returns it URL-encoded, as IAM does', async () => {
    const text = JSON.stringify(DENY_ALL);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'devops-temp',
        PolicyName: 'deny-all',
        PolicyDocument: text,
      }),
    );
    const got = await iam.send(
      new GetUserPolicyCommand({ UserName: 'devops-temp', PolicyName: 'deny-all' }),
    );
    assert.equal(got.UserName, 'devops-temp');
    assert.equal(got.PolicyDocument, encodeURIComponent(text));
    assert.deepEqual(policyDocument(got.PolicyDocument), DENY_ALL);
    const { PolicyNames } = await iam.send(
      new ListUserPoliciesCommand({ UserName: 'devops-temp' }),
    );
    assert.deepEqual(PolicyNames, ['deny-all', 'temp-admin']);
  });

  it('refuses a malformed document and changes nothing', async () => {
    const error = await failure(
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'devops-temp',
          PolicyName: 'bad',
          PolicyDocument: '{',
        }),
      ),
    );
    assert.equal(error.name, 'MalformedPolicyDocumentException');
    const { PolicyNames } = await iam.send(
      new ListUserPoliciesCommand({ UserName: 'devops-temp' }),
    );
    assert.deepEqual(PolicyNames, ['temp-admin']);
  });

  it('pages inline policies past the default page of three', async () => {
    for (const n of [1, 2, 3, 4]) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'devops-temp',
          PolicyName: `extra-${n}`,
          PolicyDocument: JSON.stringify(DENY_ALL),
        }),
      );
    }
    const first = await iam.send(new ListUserPoliciesCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(first.PolicyNames, ['extra-1', 'extra-2', 'extra-3']);
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(
      new ListUserPoliciesCommand({ UserName: 'devops-temp', Marker: first.Marker }),
    );
    assert.deepEqual(second.PolicyNames, ['extra-4', 'temp-admin']);
    assert.equal(second.IsTruncated, false);
  });

  it('deletes an inline policy, then answers NoSuchEntity', async () => {
    await iam.send(
      new DeleteUserPolicyCommand({ UserName: 'devops-temp', PolicyName: 'temp-admin' }),
    );
    const error = await failure(
      iam.send(new GetUserPolicyCommand({ UserName: 'devops-temp', PolicyName: 'temp-admin' })),
    );
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.message, 'The user policy with name temp-admin cannot be found.');
  });

  it('detaches and reattaches a managed policy', async () => {
    const arn = SEED.iam.administratorAccessArn;
    const listed = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(listed.AttachedPolicies, [
      { PolicyName: 'AdministratorAccess', PolicyArn: arn },
    ]);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'devops-temp', PolicyArn: arn }));
    const twice = await failure(
      iam.send(new DetachUserPolicyCommand({ UserName: 'devops-temp', PolicyArn: arn })),
    );
    assert.equal(twice.name, 'NoSuchEntityException');
    assert.equal(twice.message, `Policy ${arn} was not found.`);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'devops-temp', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'devops-temp', PolicyArn: arn }));
    const after = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'devops-temp' }));
    assert.equal(after.AttachedPolicies?.length, 1);
    const missing = 'arn:aws:iam::aws:policy/NoSuchPolicy';
    const unknown = await failure(
      iam.send(new AttachUserPolicyCommand({ UserName: 'devops-temp', PolicyArn: missing })),
    );
    assert.equal(unknown.message, `Policy ${missing} does not exist or is not attachable.`);
  });

  it('removes a user from a group and adds it back', async () => {
    const group = SEED.iam.adminGroup;
    const { Groups } = await iam.send(new ListGroupsForUserCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(
      Groups?.map((item) => [item.GroupName, item.Arn]),
      [[group, `arn:aws:iam::${SEED.accounts.production}:group/${group}`]],
    );
    await iam.send(new RemoveUserFromGroupCommand({ UserName: 'devops-temp', GroupName: group }));
    const empty = await iam.send(new ListGroupsForUserCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(empty.Groups, []);
    const noGroup = await failure(
      iam.send(new AddUserToGroupCommand({ UserName: 'devops-temp', GroupName: 'nope' })),
    );
    assert.equal(noGroup.message, 'The group with name nope cannot be found.');
    await iam.send(new AddUserToGroupCommand({ UserName: 'devops-temp', GroupName: group }));
    const back = await iam.send(new ListGroupsForUserCommand({ UserName: 'devops-temp' }));
    assert.equal(back.Groups?.length, 1);
  });
});
