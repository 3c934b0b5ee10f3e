import type { IamUser } from '../../state.js';
import type { Operation } from '../query.js';
import { targetUser } from './entities.js';
import { entityAlreadyExists, noSuchEntity } from './errors.js';
import { NAME, readInput } from './input.js';

/** The console password. It cannot be deactivated, only deleted (and recreated to undo). */
function loginProfileXml(user: IamUser) {
  const profile = user.loginProfile;
  if (!profile) throw noSuchEntity(`Login Profile for User ${user.userName} cannot be found.`);
  return {
    LoginProfile: {
      UserName: user.userName,
      CreateDate: profile.createDate,
      PasswordResetRequired: profile.passwordResetRequired,
    },
  };
}

export const getLoginProfile: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  return loginProfileXml(targetUser(context, UserName));
};

export const createLoginProfile: Operation = (context) => {
  const input = readInput(context, {
    UserName: NAME,
    Password: { required: true, min: 1, max: 128 },
  });
  const user = targetUser(context, input.UserName);
  if (user.loginProfile) {
    throw entityAlreadyExists(`Login Profile for user ${user.userName} already exists.`);
  }
  user.loginProfile = {
    createDate: context.now,
    passwordResetRequired: context.params.bool('PasswordResetRequired'),
  };
  return loginProfileXml(user);
};

export const deleteLoginProfile: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  if (!user.loginProfile) {
    throw noSuchEntity(`Login Profile for User ${user.userName} cannot be found.`);
  }
  user.loginProfile = undefined;
  return undefined;
};
