import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  UpdateAccessKeyCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { failure, type Sandbox, SEED, startSandbox, stsClient } from './fixture.js';
import { productionIam } from './iam-fixture.js';

const [BACKUP_KEY_1, BACKUP_KEY_2] = SEED.iam.accessKeys['svc-backup-admin'];

describe('sandbox IAM credentials', () => {
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

  it('deletes a console password and recreates it to undo', async () => {
    const user = 'devops-temp';
    const { LoginProfile } = await iam.send(new GetLoginProfileCommand({ UserName: user }));
    assert.equal(LoginProfile?.UserName, user);
    assert.equal(LoginProfile?.PasswordResetRequired, false);
    await iam.send(new DeleteLoginProfileCommand({ UserName: user }));
    const missing = await failure(iam.send(new GetLoginProfileCommand({ UserName: user })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.message, 'Login Profile for User devops-temp cannot be found.');
    const again = await failure(iam.send(new DeleteLoginProfileCommand({ UserName: user })));
    assert.equal(again.$metadata.httpStatusCode, 404);
    const created = await iam.send(
      new CreateLoginProfileCommand({ UserName: user, Password: 'x', PasswordResetRequired: true }),
    );
    assert.equal(created.LoginProfile?.PasswordResetRequired, true);
    const twice = await failure(
      iam.send(new CreateLoginProfileCommand({ UserName: user, Password: 'x' })),
    );
    assert.equal(twice.name, 'EntityAlreadyExistsException');
  });

  it('deactivates an access key, which stops it signing requests, and reactivates it', async () => {
    const attacker = {
      accessKeyId: BACKUP_KEY_1,
      secretAccessKey: 'whatever-the-attacker-holds',
    };
    const identity = await stsClient(sandbox, { credentials: attacker }).send(
      new GetCallerIdentityCommand({}),
    );
    assert.equal(identity.Arn, `arn:aws:iam::${SEED.accounts.production}:user/svc-backup-admin`);

    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'svc-backup-admin',
        AccessKeyId: BACKUP_KEY_1,
        Status: 'Inactive',
      }),
    );
    const { AccessKeyMetadata } = await iam.send(
      new ListAccessKeysCommand({ UserName: 'svc-backup-admin' }),
    );
    assert.deepEqual(
      AccessKeyMetadata?.map((key) => [key.AccessKeyId, key.Status]),
      [
        [BACKUP_KEY_1, 'Inactive'],
        [BACKUP_KEY_2, 'Active'],
      ],
    );
    const refused = await failure(
      stsClient(sandbox, { credentials: attacker, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    assert.equal(refused.name, 'InvalidClientTokenId');

    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'svc-backup-admin',
        AccessKeyId: BACKUP_KEY_1,
        Status: 'Active',
      }),
    );
    await stsClient(sandbox, { credentials: attacker }).send(new GetCallerIdentityCommand({}));
  });

  it('refuses a status other than Active or Inactive and a key of another user', async () => {
    const status = await failure(
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: 'svc-backup-admin',
          AccessKeyId: BACKUP_KEY_1,
          Status: 'Disabled' as 'Active',
        }),
      ),
    );
    assert.equal(status.name, 'ValidationError');
    const other = await failure(
      iam.send(new DeleteAccessKeyCommand({ UserName: 'devops-temp', AccessKeyId: BACKUP_KEY_1 })),
    );
    assert.equal(other.name, 'NoSuchEntityException');
    assert.equal(other.message, `The Access Key with id ${BACKUP_KEY_1} cannot be found.`);
    const user = sandbox.world.accounts
      .get(SEED.accounts.production)
      ?.iam.users.get('svc-backup-admin');
    assert.deepEqual(
      user?.accessKeys.map((key) => key.status),
      ['Active', 'Active'],
    );
  });

  it('tells when a key was last used, and N/A for one never used', async () => {
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: BACKUP_KEY_2 }));
    assert.equal(used.UserName, 'svc-backup-admin');
    assert.equal(used.AccessKeyLastUsed?.ServiceName, 's3');
    assert.equal(used.AccessKeyLastUsed?.Region, 'eu-west-1');
    assert.equal(used.AccessKeyLastUsed?.LastUsedDate?.toISOString(), '2025-06-16T13:40:00.000Z');
    const never = SEED.iam.accessKeys['support-audit'][1];
    const unused = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: never }));
    assert.deepEqual(unused.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
  });

  it('creates and deletes access keys within the quota of two', async () => {
    const quota = await failure(
      iam.send(new CreateAccessKeyCommand({ UserName: 'svc-backup-admin' })),
    );
    assert.equal(quota.name, 'LimitExceededException');
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: 'svc-backup-admin', AccessKeyId: BACKUP_KEY_2 }),
    );
    const { AccessKey } = await iam.send(
      new CreateAccessKeyCommand({ UserName: 'svc-backup-admin' }),
    );
    assert.match(AccessKey?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey?.SecretAccessKey?.length, 40);
    assert.equal(AccessKey?.Status, 'Active');
  });

  it('pages access keys with the page-size knob', async () => {
    sandbox.knobs.setPageSize('ListAccessKeys', 1);
    const first = await iam.send(new ListAccessKeysCommand({ UserName: 'svc-backup-admin' }));
    assert.deepEqual(
      first.AccessKeyMetadata?.map((key) => key.AccessKeyId),
      [BACKUP_KEY_1],
    );
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(
      new ListAccessKeysCommand({ UserName: 'svc-backup-admin', Marker: first.Marker }),
    );
    assert.deepEqual(
      second.AccessKeyMetadata?.map((key) => key.AccessKeyId),
      [BACKUP_KEY_2],
    );
    assert.equal(second.IsTruncated, false);
  });

  it('lists and deletes signing certificates', async () => {
    const { Certificates } = await iam.send(
      new ListSigningCertificatesCommand({ UserName: 'svc-backup-admin' }),
    );
    assert.equal(Certificates?.length, 1);
    const id = Certificates?.[0]?.CertificateId as string;
    assert.match(Certificates?.[0]?.CertificateBody ?? '', /BEGIN CERTIFICATE/);
    await iam.send(
      new DeleteSigningCertificateCommand({ UserName: 'svc-backup-admin', CertificateId: id }),
    );
    const after = await iam.send(
      new ListSigningCertificatesCommand({ UserName: 'svc-backup-admin' }),
    );
    assert.deepEqual(after.Certificates, []);
    const again = await failure(
      iam.send(
        new DeleteSigningCertificateCommand({ UserName: 'svc-backup-admin', CertificateId: id }),
      ),
    );
    assert.equal(again.message, `The Certificate with id ${id} cannot be found.`);
  });

  it('pages SSH public keys past the default page of three', async () => {
    for (const n of [1, 2, 3]) {
      await iam.send(
        new UploadSSHPublicKeyCommand({
          UserName: 'devops-temp',
          SSHPublicKeyBody: `ssh-rsa AAAA${n}`,
        }),
      );
    }
    const first = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'devops-temp' }));
    assert.equal(first.SSHPublicKeys?.length, 3);
    assert.equal(first.IsTruncated, true);
    // Delete what was listed, then continue from the marker: nothing is skipped.
    for (const key of first.SSHPublicKeys ?? []) {
      await iam.send(
        new DeleteSSHPublicKeyCommand({
          UserName: 'devops-temp',
          SSHPublicKeyId: key.SSHPublicKeyId,
        }),
      );
    }
    const rest = await iam.send(
      new ListSSHPublicKeysCommand({ UserName: 'devops-temp', Marker: first.Marker }),
    );
    assert.equal(rest.SSHPublicKeys?.length, 1);
    assert.equal(rest.IsTruncated, false);
  });

  it('lists service-specific credentials whole and deletes them', async () => {
    sandbox.knobs.setPageSize('ListServiceSpecificCredentials', 1);
    const { ServiceSpecificCredentials } = await iam.send(
      new ListServiceSpecificCredentialsCommand({ UserName: 'support-audit' }),
    );
    assert.equal(ServiceSpecificCredentials?.length, 1);
    const credential = ServiceSpecificCredentials?.[0];
    assert.equal(credential?.ServiceName, 'codecommit.amazonaws.com');
    assert.equal(credential?.ServiceUserName, `support-audit-at-${SEED.accounts.production}`);
    await iam.send(
      new DeleteServiceSpecificCredentialCommand({
        UserName: 'support-audit',
        ServiceSpecificCredentialId: credential?.ServiceSpecificCredentialId,
      }),
    );
    const after = await iam.send(
      new ListServiceSpecificCredentialsCommand({ UserName: 'support-audit' }),
    );
    assert.deepEqual(after.ServiceSpecificCredentials, []);
  });
});
