import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  type IAMClient,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { failure, type Sandbox, SEED, startSandbox } from './fixture.js';
import { productionIam } from './iam-fixture.js';

const mfaArn = (name: string) => `arn:aws:iam::${SEED.accounts.production}:mfa/${name}`;

describe('sandbox IAM MFA devices', () => {
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

  async function enable(userName: string, serialNumber: string) {
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: serialNumber,
        AuthenticationCode1: '111111',
        AuthenticationCode2: '222222',
      }),
    );
  }

  it('deactivates then deletes a virtual device', async () => {
    const serial = mfaArn('devops-temp');
    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(
      MFADevices?.map((device) => [device.UserName, device.SerialNumber]),
      [['devops-temp', serial]],
    );
    await iam.send(
      new DeactivateMFADeviceCommand({ UserName: 'devops-temp', SerialNumber: serial }),
    );
    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'devops-temp' }));
    assert.deepEqual(listed.MFADevices, []);
    const unassigned = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }),
    );
    assert.deepEqual(
      unassigned.VirtualMFADevices?.map((device) => [device.SerialNumber, device.User]),
      [[serial, undefined]],
    );
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    const gone = await failure(
      iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
    );
    assert.equal(gone.name, 'NoSuchEntityException');
  });

  it('lists assigned virtual devices with their users', async () => {
    const { VirtualMFADevices } = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 10 }),
    );
    assert.deepEqual(
      VirtualMFADevices?.map((device) => device.User?.UserName),
      ['devops-temp', 'support-audit', 'svc-backup-admin'],
    );
  });

  it('removes a hardware token from the account when it is deactivated', async () => {
    const user = SEED.iam.breakGlassUser;
    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: user }));
    const serial = MFADevices?.[0]?.SerialNumber as string;
    assert.match(serial, /^GAHT\d{8}$/);
    await iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: serial }));
    const after = await iam.send(new ListMFADevicesCommand({ UserName: user }));
    assert.deepEqual(after.MFADevices, []);
    const again = await failure(
      iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: serial })),
    );
    assert.equal(again.name, 'NoSuchEntityException');
  });

  it('pages a user with more devices than one page', async () => {
    const user = 'svc-backup-admin';
    for (const n of [1, 2, 3, 4]) {
      const { VirtualMFADevice } = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${user}-extra-${n}` }),
      );
      assert.equal(VirtualMFADevice?.SerialNumber, mfaArn(`${user}-extra-${n}`));
      assert.ok(VirtualMFADevice?.Base32StringSeed instanceof Uint8Array);
      await enable(user, VirtualMFADevice?.SerialNumber as string);
    }
    const first = await iam.send(new ListMFADevicesCommand({ UserName: user }));
    assert.equal(first.MFADevices?.length, 3);
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(
      new ListMFADevicesCommand({ UserName: user, Marker: first.Marker }),
    );
    assert.equal(second.MFADevices?.length, 2);
    assert.equal(second.IsTruncated, false);
    const serials = [...(first.MFADevices ?? []), ...(second.MFADevices ?? [])].map(
      (device) => device.SerialNumber,
    );
    assert.equal(new Set(serials).size, 5);
  });

  it('refuses to assign a device that is in use or to create one twice', async () => {
    const taken = await failure(enable('devops-temp', mfaArn('svc-backup-admin')));
    assert.equal(taken.name, 'EntityAlreadyExistsException');
    const twice = await failure(
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'devops-temp' })),
    );
    assert.equal(twice.name, 'EntityAlreadyExistsException');
  });
});
