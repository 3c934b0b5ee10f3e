import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { failure, type Sandbox, SEED, startSandbox } from './fixture.js';
import { policyDocument, productionIam } from './iam-fixture.js';

const revokeOlderSessions = (instant: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': instant } },
      },
    ],
  });

describe('sandbox IAM roles', () => {
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

  it('reads a role with its trust policy URL-encoded and its last use', async () => {
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: SEED.iam.compromisedRole }));
    assert.equal(Role?.Arn, `arn:aws:iam::${SEED.accounts.production}:role/ci-deploy-role`);
    assert.equal(Role?.MaxSessionDuration, 3600);
    assert.equal(Role?.RoleLastUsed?.LastUsedDate?.toISOString(), '2025-06-16T13:40:00.000Z');
    const trust = policyDocument(Role?.AssumeRolePolicyDocument) as { Statement: unknown[] };
    assert.equal(trust.Statement.length, 1);
    const sso = await iam.send(new GetRoleCommand({ RoleName: SEED.iam.ssoRole }));
    assert.equal(sso.Role?.Path, '/aws-reserved/sso.amazonaws.com/');
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: SEED.iam.compromisedRole }));
    assert.deepEqual(tags.Tags, []);
  });

  it('answers NoSuchEntity for an unknown role', async () => {
    const error = await failure(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.message, 'The role with name ghost cannot be found.');
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  it('puts AWSRevokeOlderSessions, overwriting it on a second run', async () => {
    const role = SEED.iam.compromisedRole;
    const put = (instant: string) =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: role,
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: revokeOlderSessions(instant),
        }),
      );
    await put('2025-06-16T14:00:00Z');
    await put('2025-06-16T15:00:00Z');
    const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: role }));
    assert.deepEqual(PolicyNames, ['AWSRevokeOlderSessions']);
    const got = await iam.send(
      new GetRolePolicyCommand({ RoleName: role, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    assert.equal(got.RoleName, role);
    assert.deepEqual(
      policyDocument(got.PolicyDocument),
      JSON.parse(revokeOlderSessions('2025-06-16T15:00:00Z')),
    );
    await iam.send(
      new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    const gone = await failure(
      iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'AWSRevokeOlderSessions' })),
    );
    assert.equal(gone.message, 'The role policy with name AWSRevokeOlderSessions cannot be found.');
  });

  for (const [kind, roleName] of [
    ['IAM Identity Center', SEED.iam.ssoRole],
    ['service-linked', SEED.iam.serviceLinkedRole],
  ] as const) {
    it(`refuses every change to the ${kind} role with UnmodifiableEntity`, async () => {
      const before = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      const changes = [
        new PutRolePolicyCommand({
          RoleName: roleName,
          PolicyName: 'AWSRevokeOlderSessions',
          PolicyDocument: revokeOlderSessions('2025-06-16T14:00:00Z'),
        }),
        new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'anything' }),
        new AttachRolePolicyCommand({
          RoleName: roleName,
          PolicyArn: SEED.iam.administratorAccessArn,
        }),
        new DetachRolePolicyCommand({
          RoleName: roleName,
          PolicyArn: before.AttachedPolicies?.[0]?.PolicyArn,
        }),
      ];
      for (const command of changes) {
        // biome-ignore lint/suspicious/noExplicitAny: one loop over four command types
        const error = await failure(iam.send(command as any));
        assert.equal(error.name, 'UnmodifiableEntityException');
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal(
          error.message,
          `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`,
        );
      }
      const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }));
      assert.deepEqual(policies.PolicyNames, []);
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
      assert.deepEqual(attached.AttachedPolicies, before.AttachedPolicies);
    });
  }
});
