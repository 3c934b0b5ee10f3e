import type { AccessKey, IamUser } from '../../state.js';
import { randomCredentials } from '../ids.js';
import type { Operation, QueryContext } from '../query.js';
import { iamOf, targetUser } from './entities.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { NAME, readInput } from './input.js';
import { paginate } from './paging.js';

const ACCESS_KEY_ID = {
  required: true,
  min: 16,
  max: 128,
  pattern: /^\w+$/,
  patternText: '[\\w]+',
};
const STATUS = { required: true, oneOf: ['Active', 'Inactive'] } as const;
const KEYS_PER_USER = 2;

function keyOfUser(user: IamUser, accessKeyId: string): AccessKey {
  const key = user.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!key) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}

/** The user and key a key-level call names; UserName defaults to the caller. */
function targetKey(
  context: QueryContext,
  input: { UserName?: string; AccessKeyId?: string },
): { user: IamUser; key: AccessKey } {
  const user = targetUser(context, input.UserName);
  return { user, key: keyOfUser(user, input.AccessKeyId as string) };
}

export const listAccessKeys: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  const { items, ...paging } = paginate(context, user.accessKeys, (key) => key.accessKeyId);
  return {
    AccessKeyMetadata: items.map((key) => ({
      UserName: user.userName,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      CreateDate: key.createDate,
    })),
    ...paging,
  };
};

/** Searches the whole account: the caller need not know whose key it is. */
export const getAccessKeyLastUsed: Operation = (context) => {
  const { AccessKeyId } = readInput(context, { AccessKeyId: ACCESS_KEY_ID });
  for (const user of iamOf(context).users.values()) {
    const key = user.accessKeys.find((candidate) => candidate.accessKeyId === AccessKeyId);
    if (!key) continue;
    // A key never used answers N/A for service and region, and no date.
    return {
      UserName: user.userName,
      AccessKeyLastUsed: {
        LastUsedDate: key.lastUsed?.date,
        ServiceName: key.lastUsed?.serviceName ?? 'N/A',
        Region: key.lastUsed?.region ?? 'N/A',
      },
    };
  }
  throw noSuchEntity(`The Access Key with id ${AccessKeyId} cannot be found.`);
};

/** Deactivating (not deleting) keeps the key id searchable in CloudTrail and can be undone. */
export const updateAccessKey: Operation = (context) => {
  const input = readInput(context, {
    UserName: NAME,
    AccessKeyId: ACCESS_KEY_ID,
    Status: STATUS,
  });
  const { key } = targetKey(context, input);
  key.status = input.Status as AccessKey['status'];
  return undefined;
};

export const deleteAccessKey: Operation = (context) => {
  const input = readInput(context, { UserName: NAME, AccessKeyId: ACCESS_KEY_ID });
  const { user, key } = targetKey(context, input);
  user.accessKeys = user.accessKeys.filter((candidate) => candidate !== key);
  return undefined;
};

export const createAccessKey: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  if (user.accessKeys.length >= KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${KEYS_PER_USER}`);
  }
  const key: AccessKey = {
    accessKeyId: context.world.ids.iam('AKIA'),
    status: 'Active',
    createDate: context.now,
  };
  user.accessKeys.push(key);
  return {
    AccessKey: {
      UserName: user.userName,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      SecretAccessKey: randomCredentials().secretAccessKey,
      CreateDate: key.createDate,
    },
  };
};
