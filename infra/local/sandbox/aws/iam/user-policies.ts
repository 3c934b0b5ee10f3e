import type { IamUser } from '../../state.js';
import type { Operation } from '../query.js';
import { attach, detach, listAttached } from './attached-policies.js';
import { userByName } from './entities.js';
import {
  deleteInline,
  getInline,
  type InlineOwner,
  listInline,
  putInline,
} from './inline-policies.js';
import { POLICY_ARN, POLICY_NAME, REQUIRED, REQUIRED_NAME, readInput } from './input.js';

const inline = (user: IamUser): InlineOwner => ({
  kind: 'user',
  name: user.userName,
  policies: user.inlinePolicies,
});
const attachments = (user: IamUser) => ({
  kind: 'user' as const,
  attachedPolicies: user.attachedPolicies,
});

export const listUserPolicies: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: REQUIRED_NAME });
  return listInline(context, inline(userByName(context, UserName as string)));
};

export const getUserPolicy: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, PolicyName: POLICY_NAME });
  const user = userByName(context, input.UserName as string);
  return getInline(inline(user), input.PolicyName as string);
};

export const putUserPolicy: Operation = (context) => {
  const input = readInput(context, {
    UserName: REQUIRED_NAME,
    PolicyName: POLICY_NAME,
    PolicyDocument: { ...REQUIRED, max: 131072 },
  });
  const user = userByName(context, input.UserName as string);
  putInline(inline(user), input.PolicyName as string, input.PolicyDocument as string);
  return undefined;
};

export const deleteUserPolicy: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, PolicyName: POLICY_NAME });
  deleteInline(inline(userByName(context, input.UserName as string)), input.PolicyName as string);
  return undefined;
};

export const listAttachedUserPolicies: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: REQUIRED_NAME });
  return listAttached(context, attachments(userByName(context, UserName as string)));
};

export const attachUserPolicy: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, PolicyArn: POLICY_ARN });
  const user = userByName(context, input.UserName as string);
  attach(context, attachments(user), input.PolicyArn as string);
  return undefined;
};

export const detachUserPolicy: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, PolicyArn: POLICY_ARN });
  detach(attachments(userByName(context, input.UserName as string)), input.PolicyArn as string);
  return undefined;
};
