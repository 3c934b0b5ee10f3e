import { findManagedPolicy, type IamUser } from '../../state.js';
import type { Operation } from '../query.js';
import { iamOf, targetUser, userByName } from './entities.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from './errors.js';
import { type FieldRule, NAME, REQUIRED_NAME, readInput, readTags } from './input.js';
import { paginate } from './paging.js';
import { tagsXml, userXml } from './shapes.js';

export const PATH: FieldRule = {
  min: 1,
  max: 512,
  pattern: /^(\/|\/[\u0021-\u007e]+\/)$/,
  patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
};

export const getUser: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  return { User: userXml(targetUser(context, UserName)) };
};

export const listUsers: Operation = (context) => {
  const { PathPrefix } = readInput(context, { PathPrefix: { min: 1, max: 512 } });
  const users = [...iamOf(context).users.values()].filter((user) =>
    user.path.startsWith(PathPrefix ?? '/'),
  );
  const { items, ...paging } = paginate(context, users, (user) => user.userName);
  return { Users: items.map((user) => userXml(user, 'list')), ...paging };
};

export const listUserTags: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: REQUIRED_NAME });
  const user = userByName(context, UserName as string);
  const { items, ...paging } = paginate(context, user.tags, (tag) => tag.key);
  return { Tags: tagsXml(items), ...paging };
};

export const createUser: Operation = (context) => {
  const input = readInput(context, {
    UserName: REQUIRED_NAME,
    Path: PATH,
    PermissionsBoundary: { min: 20, max: 2048 },
  });
  const userName = input.UserName as string;
  const path = input.Path ?? '/';
  const iam = iamOf(context);
  // Names are unique regardless of case, though lookups are exact.
  const clash = [...iam.users.keys()].find((name) => name.toLowerCase() === userName.toLowerCase());
  if (clash) throw entityAlreadyExists(`User with name ${userName} already exists.`);
  const boundary = input.PermissionsBoundary;
  if (boundary && !findManagedPolicy(context.world, context.accountId, boundary)) {
    throw noSuchEntity(`Scope ARN: ${boundary} does not exist or is not attachable.`);
  }
  const user: IamUser = {
    userName,
    userId: context.world.ids.iam('AIDA'),
    arn: `arn:aws:iam::${context.accountId}:user${path}${userName}`,
    path,
    createDate: context.now,
    permissionsBoundaryArn: boundary,
    tags: readTags(context),
    accessKeys: [],
    signingCertificates: [],
    sshPublicKeys: [],
    serviceSpecificCredentials: [],
    inlinePolicies: new Map(),
    attachedPolicies: [],
    groupNames: [],
  };
  iam.users.set(userName, user);
  return { User: userXml(user) };
};

/**
 * IAM refuses to delete a user that still owns anything and names the first thing left, in the
 * order of AWS's documented clean-up sequence; the remediation must remove each in turn.
 */
export const deleteUser: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: REQUIRED_NAME });
  const user = userByName(context, UserName as string);
  const iam = iamOf(context);
  const hasMfa = [...iam.mfaDevices.values()].some((device) => device.userName === user.userName);
  const leftovers: Array<[boolean, string]> = [
    [user.loginProfile !== undefined, 'must delete login profile first.'],
    [user.accessKeys.length > 0, 'must delete access keys first.'],
    [user.signingCertificates.length > 0, 'must delete signing certificates first.'],
    [user.sshPublicKeys.length > 0, 'must delete SSH public keys first.'],
    [user.serviceSpecificCredentials.length > 0, 'must delete service specific credentials first.'],
    [hasMfa, 'must delete MFA device first.'],
    [user.inlinePolicies.size > 0, 'must delete policies first.'],
    [user.attachedPolicies.length > 0, 'must detach all policies first.'],
    [user.groupNames.length > 0, 'must remove users from group first.'],
  ];
  const left = leftovers.find(([present]) => present);
  if (left) throw deleteConflict(`Cannot delete entity, ${left[1]}`);
  iam.users.delete(user.userName);
  return undefined;
};
