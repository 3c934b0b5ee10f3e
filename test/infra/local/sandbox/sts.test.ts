import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  ec2Client,
  failure,
  memberCredentials,
  type Sandbox,
  SEED,
  startSandbox,
  stsClient,
} from './fixture.js';

const roleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${SEED.remediationRoleName}`;

describe('sandbox STS', () => {
  let sandbox: Sandbox;
  let sts: STSClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sts = stsClient(sandbox);
  });

  it('treats unrecognised static keys as the security account principal', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, SEED.accounts.security);
    assert.equal(identity.Arn, SEED.caller.arn);
    assert.match(identity.UserId ?? '', /^AIDA/);
  });

  it('assumes the remediation role and records session name and source identity', async () => {
    const before = Date.now();
    const result = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn(SEED.accounts.production),
        RoleSessionName: 'jira-SEC-101',
        SourceIdentity: 'alice@example.com',
        DurationSeconds: 900,
      }),
    );
    const { Credentials, AssumedRoleUser, SourceIdentity } = result;
    assert.match(Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
    assert.equal(Credentials?.SecretAccessKey?.length, 40);
    assert.ok(Credentials?.SessionToken);
    const lifetime = (Credentials?.Expiration?.getTime() ?? 0) - before;
    assert.ok(lifetime > 890_000 && lifetime <= 901_000, `expires in ~900 s, got ${lifetime} ms`);
    assert.equal(
      AssumedRoleUser?.Arn,
      'arn:aws:sts::222222222222:assumed-role/SecurityRemediationRole/jira-SEC-101',
    );
    assert.match(AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]+:jira-SEC-101$/);
    assert.equal(SourceIdentity, 'alice@example.com');

    const [session] = sandbox.world.sts.sessions;
    assert.equal(session?.roleSessionName, 'jira-SEC-101');
    assert.equal(session?.sourceIdentity, 'alice@example.com');
    assert.equal(session?.callerArn, SEED.caller.arn);
    assert.equal(session?.accountId, SEED.accounts.production);
  });

  it('lets assumed-role credentials act in the member account', async () => {
    const credentials = await memberCredentials(sandbox, SEED.accounts.data, 'bob');
    const identity = await stsClient(sandbox, { credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Account, SEED.accounts.data);
    assert.equal(
      identity.Arn,
      'arn:aws:sts::333333333333:assumed-role/SecurityRemediationRole/bob',
    );
    const groups = await ec2Client(sandbox, { credentials }).send(
      new DescribeSecurityGroupsCommand({}),
    );
    assert.deepEqual(
      groups.SecurityGroups?.map((group) => group.GroupId),
      [SEED.securityGroups.dataPipeline],
    );
    const call = sandbox.knobs.calls.at(-1);
    assert.equal(call?.accountId, SEED.accounts.data);
    assert.equal(call?.roleSessionName, 'bob');
  });

  it('keeps honouring issued credentials after a reset', async () => {
    const credentials = await memberCredentials(sandbox);
    sandbox.reset();
    const identity = await stsClient(sandbox, { credentials }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Account, SEED.accounts.production);
  });

  it('denies an account without the remediation role, in AWS words, with 403', async () => {
    const error = await failure(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn(SEED.accounts.noRemediationRole),
          RoleSessionName: 'carol',
        }),
      ),
    );
    assert.equal(error.name, 'AccessDenied');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(
      error.message,
      'User: arn:aws:iam::111111111111:user/security-remediation-api is not authorized to perform: ' +
        'sts:AssumeRole on resource: arn:aws:iam::444444444444:role/SecurityRemediationRole',
    );
  });

  it('denies a role whose trust policy does not name the caller', async () => {
    const error = await failure(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::222222222222:role/${SEED.iam.compromisedRole}`,
          RoleSessionName: 'dave',
        }),
      ),
    );
    assert.equal(error.name, 'AccessDenied');
  });

  it('validates session name, source identity and duration like STS', async () => {
    const cases: Array<[Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]>, RegExp]> = [
      [{ RoleSessionName: 'a' }, /at 'roleSessionName' .* length greater than or equal to 2/],
      [{ RoleSessionName: 'x'.repeat(65) }, /length less than or equal to 64/],
      [{ RoleSessionName: 'has space' }, /regular expression pattern: \[\\w\+=,\.@-\]\*/],
      [{ SourceIdentity: 'bad/identity' }, /at 'sourceIdentity'/],
      [{ DurationSeconds: 899 }, /greater than or equal to 900/],
      [{ DurationSeconds: 43201 }, /less than or equal to 43200/],
    ];
    for (const [override, message] of cases) {
      const input = {
        RoleArn: roleArn(SEED.accounts.production),
        RoleSessionName: 'valid',
        ...override,
      };
      const error = await failure(sts.send(new AssumeRoleCommand(input)));
      assert.equal(error.name, 'ValidationError', JSON.stringify(override));
      assert.match(error.message, message);
      assert.equal(error.$metadata.httpStatusCode, 400);
    }
    assert.equal(sandbox.world.sts.sessions.length, 0);
  });

  it("refuses a duration beyond the role's MaxSessionDuration (1 hour by default)", async () => {
    const error = await failure(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn(SEED.accounts.production),
          RoleSessionName: 'long',
          DurationSeconds: 7200,
        }),
      ),
    );
    assert.equal(error.name, 'ValidationError');
    assert.match(error.message, /MaxSessionDuration/);
  });

  it('rejects expired session credentials with ExpiredToken', async () => {
    const credentials = await memberCredentials(sandbox);
    const session = sandbox.world.sts.sessions[0];
    assert.ok(session);
    session.expiration = new Date(Date.now() - 1000);
    const error = await failure(
      stsClient(sandbox, { credentials }).send(new GetCallerIdentityCommand({})),
    );
    assert.equal(error.name, 'ExpiredToken');
    assert.equal(error.$metadata.httpStatusCode, 403);
  });

  it('rejects a deactivated IAM access key and accepts an active one as its user', async () => {
    const [inactive] = SEED.iam.accessKeys['legal-hold-user'];
    const denied = await failure(
      stsClient(sandbox, { credentials: { accessKeyId: inactive, secretAccessKey: 'x' } }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    assert.equal(denied.name, 'InvalidClientTokenId');
    const [active] = SEED.iam.accessKeys['devops-temp'];
    const identity = await stsClient(sandbox, {
      credentials: { accessKeyId: active, secretAccessKey: 'x' },
    }).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, 'arn:aws:iam::222222222222:user/devops-temp');
  });
});
