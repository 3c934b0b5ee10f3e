import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateUserCommand,
  GetUserCommand,
  type IAMClient,
  ListUsersCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { failure, type Sandbox, SEED, startSandbox } from './fixture.js';
import { iamClient, productionIam } from './iam-fixture.js';

const PRODUCTION_USERS = [
  'break-glass-admin',
  'devops-temp',
  'legal-hold-user',
  'support-audit',
  'svc-backup-admin',
];

describe('sandbox IAM users', () => {
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

  it('reads a seeded user with its tags', async () => {
    const { User } = await iam.send(new GetUserCommand({ UserName: SEED.iam.legalHoldUser }));
    assert.equal(User?.Arn, `arn:aws:iam::${SEED.accounts.production}:user/legal-hold-user`);
    assert.match(User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.equal(User?.Path, '/');
    assert.ok(User?.CreateDate instanceof Date);
    assert.deepEqual(User?.Tags, [
      { Key: SEED.protectedTag.key, Value: SEED.protectedTag.value },
      { Key: 'legal-hold', Value: 'case-2025-117' },
    ]);
  });

  it('pages ListUsers three at a time, so a caller ignoring Marker misses users', async () => {
    const first = await iam.send(new ListUsersCommand({}));
    assert.equal(first.Users?.length, 3);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListUsersCommand({ Marker: marker }));
      names.push(...(page.Users ?? []).map((user) => user.UserName as string));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.deepEqual(names, PRODUCTION_USERS);
  });

  it('honours MaxItems, and the page-size knob caps it as IAM may', async () => {
    const all = await iam.send(new ListUsersCommand({ MaxItems: 100 }));
    assert.equal(all.Users?.length, 5);
    assert.equal(all.IsTruncated, false);
    assert.equal(all.Marker, undefined);
    sandbox.knobs.setPageSize('ListUsers', 2);
    const capped = await iam.send(new ListUsersCommand({ MaxItems: 100 }));
    assert.equal(capped.Users?.length, 2);
    assert.equal(capped.IsTruncated, true);
  });

  it('rejects a marker it did not issue and a MaxItems out of range', async () => {
    const marker = await failure(iam.send(new ListUsersCommand({ Marker: 'bogus' })));
    assert.equal(marker.name, 'ValidationError');
    const size = await failure(iam.send(new ListUsersCommand({ MaxItems: 0 })));
    assert.equal(size.name, 'ValidationError');
    assert.match(size.message, /'maxItems' failed to satisfy constraint/);
  });

  it('acts in the account of the credentials', async () => {
    const security = iamClient(sandbox);
    const error = await failure(security.send(new GetUserCommand({ UserName: 'devops-temp' })));
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.message, 'The user with name devops-temp cannot be found.');
    const me = await security.send(new GetUserCommand({}));
    assert.equal(me.User?.Arn, SEED.caller.arn);
    const { Users } = await security.send(new ListUsersCommand({}));
    assert.deepEqual(
      Users?.map((user) => user.UserName),
      [SEED.caller.userName],
    );
  });

  it('needs a user name when the caller is a role session', async () => {
    const error = await failure(iam.send(new GetUserCommand({})));
    assert.equal(error.name, 'ValidationError');
    assert.equal(error.message, 'Must specify userName when calling with non-User credentials');
  });

  it('creates a user with tags, refuses a second one of the same name in any case', async () => {
    const { User } = await iam.send(
      new CreateUserCommand({
        UserName: 'bench-user',
        Path: '/bench/',
        Tags: [{ Key: 'team', Value: 'sec' }],
      }),
    );
    assert.equal(User?.Arn, `arn:aws:iam::${SEED.accounts.production}:user/bench/bench-user`);
    const tags = await iam.send(new ListUserTagsCommand({ UserName: 'bench-user' }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'sec' }]);
    assert.equal(tags.IsTruncated, false);
    const clash = await failure(iam.send(new CreateUserCommand({ UserName: 'BENCH-USER' })));
    assert.equal(clash.name, 'EntityAlreadyExistsException');
    assert.equal(clash.$metadata.httpStatusCode, 409);
  });

  it('reports every invalid parameter at once and creates nothing', async () => {
    const error = await failure(
      iam.send(new CreateUserCommand({ UserName: 'bad name!', Path: 'no-slashes' })),
    );
    assert.equal(error.name, 'ValidationError');
    assert.match(error.message, /^2 validation errors detected: /);
    const { Users } = await iam.send(new ListUsersCommand({ MaxItems: 100 }));
    assert.equal(Users?.length, 5);
  });
});
