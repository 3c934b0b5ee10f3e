import type { Operation } from '../query.js';
import { groupByName, iamOf, userByName } from './entities.js';
import { noSuchEntity } from './errors.js';
import { REQUIRED_NAME, readInput } from './input.js';
import { paginate } from './paging.js';
import { groupXml } from './shapes.js';

const GROUP_NAME = { ...REQUIRED_NAME, max: 128 };

export const listGroupsForUser: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: REQUIRED_NAME });
  const user = userByName(context, UserName as string);
  const groups = iamOf(context).groups;
  const memberOf = user.groupNames.flatMap((name) => {
    const group = groups.get(name);
    return group ? [group] : [];
  });
  const { items, ...paging } = paginate(context, memberOf, (group) => group.groupName);
  return { Groups: items.map(groupXml), ...paging };
};

/** Adding a member twice succeeds and changes nothing, as in AWS. */
export const addUserToGroup: Operation = (context) => {
  const input = readInput(context, { GroupName: GROUP_NAME, UserName: REQUIRED_NAME });
  const group = groupByName(context, input.GroupName as string);
  const user = userByName(context, input.UserName as string);
  if (!user.groupNames.includes(group.groupName)) user.groupNames.push(group.groupName);
  return undefined;
};

export const removeUserFromGroup: Operation = (context) => {
  const input = readInput(context, { GroupName: GROUP_NAME, UserName: REQUIRED_NAME });
  const group = groupByName(context, input.GroupName as string);
  const user = userByName(context, input.UserName as string);
  if (!user.groupNames.includes(group.groupName)) {
    throw noSuchEntity(`The user with name ${user.userName} cannot be found.`);
  }
  user.groupNames = user.groupNames.filter((name) => name !== group.groupName);
  return undefined;
};
