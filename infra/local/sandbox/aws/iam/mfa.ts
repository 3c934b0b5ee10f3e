import { randomBytes } from 'node:crypto';
import type { MfaDevice } from '../../state.js';
import type { Operation, QueryContext } from '../query.js';
import { iamOf, targetUser, userByName } from './entities.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from './errors.js';
import { type FieldRule, NAME, REQUIRED_NAME, readInput, readTags } from './input.js';
import { paginate } from './paging.js';
import { userXml } from './shapes.js';
import { PATH } from './users.js';

const SERIAL: FieldRule = {
  required: true,
  min: 9,
  max: 256,
  pattern: /^[\w+=/:,.@-]+$/,
  patternText: '[\\w+=/:,.@-]+',
};
const CODE: FieldRule = { required: true, min: 6, max: 6, pattern: /^\d+$/, patternText: '[\\d]+' };
const DEVICES_PER_USER = 8;
/** A 1×1 PNG: the sandbox hands out no scannable seed. */
const QR_CODE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function devicesOf(context: QueryContext, userName: string): MfaDevice[] {
  return [...iamOf(context).mfaDevices.values()].filter((device) => device.userName === userName);
}

export const listMfaDevices: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  const { items, ...paging } = paginate(
    context,
    devicesOf(context, user.userName),
    (device) => device.serialNumber,
  );
  return {
    MFADevices: items.map((device) => ({
      UserName: user.userName,
      SerialNumber: device.serialNumber,
      EnableDate: device.enableDate,
    })),
    ...paging,
  };
};

/**
 * Unassigns the device. A virtual device stays in the account, unassigned, until
 * DeleteVirtualMFADevice; a hardware or FIDO device leaves the account with its assignment.
 */
export const deactivateMfaDevice: Operation = (context) => {
  const input = readInput(context, { UserName: NAME, SerialNumber: SERIAL });
  const user = targetUser(context, input.UserName);
  const serial = input.SerialNumber as string;
  const devices = iamOf(context).mfaDevices;
  const device = devices.get(serial);
  if (!device || device.userName !== user.userName) {
    throw noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
  }
  if (device.kind === 'virtual') {
    device.userName = undefined;
    device.enableDate = undefined;
  } else {
    devices.delete(serial);
  }
  return undefined;
};

export const listVirtualMfaDevices: Operation = (context) => {
  const { AssignmentStatus } = readInput(context, {
    AssignmentStatus: { oneOf: ['Assigned', 'Unassigned', 'Any'] },
  });
  const status = AssignmentStatus ?? 'Any';
  const iam = iamOf(context);
  const devices = [...iam.mfaDevices.values()].filter(
    (device) =>
      device.kind === 'virtual' &&
      (status === 'Any' || (status === 'Assigned') === (device.userName !== undefined)),
  );
  const { items, ...paging } = paginate(context, devices, (device) => device.serialNumber);
  return {
    VirtualMFADevices: items.map((device) => {
      const user = device.userName ? iam.users.get(device.userName) : undefined;
      return {
        SerialNumber: device.serialNumber,
        User: user ? userXml(user, 'list') : undefined,
        EnableDate: device.enableDate,
      };
    }),
    ...paging,
  };
};

export const deleteVirtualMfaDevice: Operation = (context) => {
  const { SerialNumber } = readInput(context, { SerialNumber: SERIAL });
  const serial = SerialNumber as string;
  const devices = iamOf(context).mfaDevices;
  const device = devices.get(serial);
  if (device?.kind !== 'virtual') {
    throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  }
  if (device.userName) throw deleteConflict('MFA Device is still in use');
  devices.delete(serial);
  return undefined;
};

export const createVirtualMfaDevice: Operation = (context) => {
  const input = readInput(context, {
    VirtualMFADeviceName: { ...REQUIRED_NAME, max: 226 },
    Path: PATH,
  });
  readTags(context);
  const serial = `arn:aws:iam::${context.accountId}:mfa${input.Path ?? '/'}${input.VirtualMFADeviceName}`;
  const devices = iamOf(context).mfaDevices;
  if (devices.has(serial)) {
    throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
  }
  devices.set(serial, { serialNumber: serial, kind: 'virtual', createDate: context.now });
  const seed = Array.from(randomBytes(64), (byte) => BASE32[byte % 32]).join('');
  return {
    VirtualMFADevice: {
      SerialNumber: serial,
      Base32StringSeed: Buffer.from(seed).toString('base64'),
      QRCodePNG: QR_CODE_PNG,
    },
  };
};

/**
 * Assigns a device to a user. Any six-digit codes pass. A serial the account does not know that
 * is not a virtual device's ARN registers a hardware token, so tests can seed both kinds.
 */
export const enableMfaDevice: Operation = (context) => {
  const input = readInput(context, {
    UserName: REQUIRED_NAME,
    SerialNumber: SERIAL,
    AuthenticationCode1: CODE,
    AuthenticationCode2: CODE,
  });
  const user = userByName(context, input.UserName as string);
  const serial = input.SerialNumber as string;
  const devices = iamOf(context).mfaDevices;
  let device = devices.get(serial);
  if (!device && serial.startsWith('arn:')) {
    throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  }
  if (device?.userName) throw entityAlreadyExists('MFA Device is already in use.');
  if (devicesOf(context, user.userName).length >= DEVICES_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${DEVICES_PER_USER}`);
  }
  if (!device) {
    device = { serialNumber: serial, kind: 'hardware', createDate: context.now };
    devices.set(serial, device);
  }
  device.userName = user.userName;
  device.enableDate = context.now;
  return undefined;
};
