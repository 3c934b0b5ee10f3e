import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { failure, type Sandbox, SEED, startSandbox } from './fixture.js';
import { productionIam } from './iam-fixture.js';

const USER = 'doomed';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
});

/** A user holding one of every thing that blocks DeleteUser, built through the API. */
async function createLoadedUser(iam: IAMClient) {
  await iam.send(new CreateUserCommand({ UserName: USER }));
  await iam.send(new CreateLoginProfileCommand({ UserName: USER, Password: 'Str0ng!Passw0rd' }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: USER }));
  const { Certificate } = await iam.send(
    new UploadSigningCertificateCommand({
      UserName: USER,
      CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIBdoomed\n-----END CERTIFICATE-----',
    }),
  );
  const { SSHPublicKey } = await iam.send(
    new UploadSSHPublicKeyCommand({ UserName: USER, SSHPublicKeyBody: 'ssh-rsa AAAAB3doomed' }),
  );
  const { ServiceSpecificCredential } = await iam.send(
    new CreateServiceSpecificCredentialCommand({
      UserName: USER,
      ServiceName: 'codecommit.amazonaws.com',
    }),
  );
  const { VirtualMFADevice } = await iam.send(
    new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: USER }),
  );
  const serial = VirtualMFADevice?.SerialNumber as string;
  await iam.send(
    new EnableMFADeviceCommand({
      UserName: USER,
      SerialNumber: serial,
      AuthenticationCode1: '123456',
      AuthenticationCode2: '654321',
    }),
  );
  await iam.send(
    new PutUserPolicyCommand({ UserName: USER, PolicyName: 'inline', PolicyDocument: POLICY }),
  );
  await iam.send(
    new AttachUserPolicyCommand({ UserName: USER, PolicyArn: SEED.iam.administratorAccessArn }),
  );
  await iam.send(new AddUserToGroupCommand({ UserName: USER, GroupName: SEED.iam.adminGroup }));
  return {
    accessKeyId: AccessKey?.AccessKeyId as string,
    certificateId: Certificate?.CertificateId as string,
    sshPublicKeyId: SSHPublicKey?.SSHPublicKeyId as string,
    serviceCredentialId: ServiceSpecificCredential?.ServiceSpecificCredentialId as string,
    serial,
  };
}

describe('sandbox IAM DeleteUser', () => {
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

  it('refuses with DeleteConflict, naming what is left in AWS order, until nothing is', async () => {
    const ids = await createLoadedUser(iam);
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['login profile', () => iam.send(new DeleteLoginProfileCommand({ UserName: USER }))],
      [
        'access keys',
        () =>
          iam.send(new DeleteAccessKeyCommand({ UserName: USER, AccessKeyId: ids.accessKeyId })),
      ],
      [
        'signing certificates',
        () =>
          iam.send(
            new DeleteSigningCertificateCommand({
              UserName: USER,
              CertificateId: ids.certificateId,
            }),
          ),
      ],
      [
        'SSH public keys',
        () =>
          iam.send(
            new DeleteSSHPublicKeyCommand({ UserName: USER, SSHPublicKeyId: ids.sshPublicKeyId }),
          ),
      ],
      [
        'service specific credentials',
        () =>
          iam.send(
            new DeleteServiceSpecificCredentialCommand({
              UserName: USER,
              ServiceSpecificCredentialId: ids.serviceCredentialId,
            }),
          ),
      ],
      [
        'MFA device',
        async () => {
          await iam.send(
            new DeactivateMFADeviceCommand({ UserName: USER, SerialNumber: ids.serial }),
          );
          await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: ids.serial }));
        },
      ],
      [
        'policies',
        () => iam.send(new DeleteUserPolicyCommand({ UserName: USER, PolicyName: 'inline' })),
      ],
      [
        'detach all policies',
        () =>
          iam.send(
            new DetachUserPolicyCommand({
              UserName: USER,
              PolicyArn: SEED.iam.administratorAccessArn,
            }),
          ),
      ],
      [
        'remove users from group',
        () =>
          iam.send(
            new RemoveUserFromGroupCommand({ UserName: USER, GroupName: SEED.iam.adminGroup }),
          ),
      ],
    ];
    const expected = [
      'Cannot delete entity, must delete login profile first.',
      'Cannot delete entity, must delete access keys first.',
      'Cannot delete entity, must delete signing certificates first.',
      'Cannot delete entity, must delete SSH public keys first.',
      'Cannot delete entity, must delete service specific credentials first.',
      'Cannot delete entity, must delete MFA device first.',
      'Cannot delete entity, must delete policies first.',
      'Cannot delete entity, must detach all policies first.',
      'Cannot delete entity, must remove users from group first.',
    ];
    for (const [index, [label, remove]] of steps.entries()) {
      const error = await failure(iam.send(new DeleteUserCommand({ UserName: USER })));
      assert.equal(error.name, 'DeleteConflictException', label);
      assert.equal(error.$metadata.httpStatusCode, 409, label);
      assert.equal(error.message, expected[index], label);
      await remove();
    }
    await iam.send(new DeleteUserCommand({ UserName: USER }));
    const gone = await failure(iam.send(new GetUserCommand({ UserName: USER })));
    assert.equal(gone.name, 'NoSuchEntityException');
    assert.equal(gone.message, `The user with name ${USER} cannot be found.`);
    assert.equal(gone.$metadata.httpStatusCode, 404);
    assert.equal(sandbox.world.accounts.get(SEED.accounts.production)?.iam.users.has(USER), false);
  });

  it('answers NoSuchEntity for a user that is already gone', async () => {
    const error = await failure(iam.send(new DeleteUserCommand({ UserName: 'never-existed' })));
    assert.equal(error.name, 'NoSuchEntityException');
    assert.equal(error.message, 'The user with name never-existed cannot be found.');
  });

  it('keeps a virtual MFA device that is still assigned', async () => {
    const serial = `arn:aws:iam::${SEED.accounts.production}:mfa/svc-backup-admin`;
    const error = await failure(
      iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
    );
    assert.equal(error.name, 'DeleteConflictException');
    assert.equal(error.message, 'MFA Device is still in use');
    assert.equal(error.$metadata.httpStatusCode, 409);
    assert.ok(sandbox.world.accounts.get(SEED.accounts.production)?.iam.mfaDevices.has(serial));
  });

  it('fails an injected EntityTemporarilyUnmodifiable between two steps and changes nothing', async () => {
    const user = 'svc-backup-admin';
    await iam.send(
      new DeleteAccessKeyCommand({
        UserName: user,
        AccessKeyId: SEED.iam.accessKeys['svc-backup-admin'][0],
      }),
    );
    sandbox.knobs.addFault({
      service: 'iam',
      action: 'DeleteLoginProfile',
      code: 'EntityTemporarilyUnmodifiable',
      message: `Login Profile for User ${user} cannot be modified while login profile is being created.`,
      status: 409,
      times: 1,
    });
    const error = await failure(iam.send(new DeleteLoginProfileCommand({ UserName: user })));
    assert.equal(error.name, 'EntityTemporarilyUnmodifiableException');
    assert.equal(error.$metadata.httpStatusCode, 409);
    // The failed call left the password in place; the retry removes it.
    await iam.send(new GetLoginProfileCommand({ UserName: user }));
    await iam.send(new DeleteLoginProfileCommand({ UserName: user }));
    const gone = await failure(iam.send(new GetLoginProfileCommand({ UserName: user })));
    assert.equal(gone.message, `Login Profile for User ${user} cannot be found.`);
    const calls = sandbox.knobs.callsMatching({ service: 'iam', action: 'DeleteLoginProfile' });
    assert.deepEqual(
      calls.map((call) => [call.outcome, call.injected, call.accountId]),
      [
        ['EntityTemporarilyUnmodifiable', true, SEED.accounts.production],
        ['ok', false, SEED.accounts.production],
      ],
    );
  });

  it('throttles with Rate exceeded; the SDK retries it, or surfaces it when out of attempts', async () => {
    const keyId = SEED.iam.accessKeys['devops-temp'][0];
    sandbox.knobs.addFault({
      service: 'iam',
      action: 'ListAccessKeys',
      code: 'Throttling',
      times: 1,
    });
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'devops-temp' }));
    assert.equal(listed.$metadata.attempts, 2);
    assert.deepEqual(
      listed.AccessKeyMetadata?.map((key) => key.AccessKeyId),
      [keyId],
    );

    const once = await productionIam(sandbox, { maxAttempts: 1 });
    sandbox.knobs.addFault({ service: 'iam', action: 'DeleteAccessKey', code: 'Throttling' });
    const error = await failure(
      once.send(new DeleteAccessKeyCommand({ UserName: 'devops-temp', AccessKeyId: keyId })),
    );
    assert.equal(error.name, 'Throttling');
    assert.equal(error.message, 'Rate exceeded');
    assert.equal(error.$metadata.httpStatusCode, 400);
    const user = sandbox.world.accounts.get(SEED.accounts.production)?.iam.users.get('devops-temp');
    assert.deepEqual(
      user?.accessKeys.map((key) => key.accessKeyId),
      [keyId],
    );
  });

  it('delays every IAM call by the latency knob', async () => {
    sandbox.knobs.setLatency(120);
    const started = performance.now();
    await iam.send(new GetUserCommand({ UserName: 'devops-temp' }));
    assert.ok(performance.now() - started >= 115);
  });
});
