import type { IamUser, ServiceSpecificCredential } from '../../state.js';
import { randomCredentials } from '../ids.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { credentialId } from './credential-input.js';
import { iamOf, targetUser } from './entities.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { NAME, REQUIRED, REQUIRED_NAME, readInput } from './input.js';
import { everything, paginate } from './paging.js';

/**
 * Passwords for one service (CodeCommit, Keyspaces, Bedrock API keys). They block DeleteUser
 * until removed, and AWS lists them whole: the SDK has no paginator for them.
 */
const SERVICES = ['codecommit.amazonaws.com', 'cassandra.amazonaws.com', 'bedrock.amazonaws.com'];
const PER_SERVICE = 2;

/** Pages only when the caller asks with MaxItems or Marker, which AWS added with AllUsers. */
export const listServiceSpecificCredentials: Operation = (context) => {
  const input = readInput(context, { UserName: NAME, ServiceName: {} });
  const users: IamUser[] = context.params.bool('AllUsers')
    ? [...iamOf(context).users.values()]
    : [targetUser(context, input.UserName)];
  const credentials = users.flatMap((user) =>
    user.serviceSpecificCredentials
      .filter((credential) => !input.ServiceName || credential.serviceName === input.ServiceName)
      .map((credential) => ({ user, credential })),
  );
  const paged = context.params.has('MaxItems') || context.params.has('Marker');
  const { items, ...paging } = paged
    ? paginate(context, credentials, ({ credential }) => credential.serviceSpecificCredentialId)
    : everything(credentials);
  return {
    ServiceSpecificCredentials: items.map(({ user, credential }) => ({
      UserName: user.userName,
      Status: credential.status,
      ServiceUserName: credential.serviceUserName,
      CreateDate: credential.createDate,
      ServiceSpecificCredentialId: credential.serviceSpecificCredentialId,
      ServiceName: credential.serviceName,
    })),
    ...paging,
  };
};

export const deleteServiceSpecificCredential: Operation = (context) => {
  const input = readInput(context, {
    UserName: NAME,
    ServiceSpecificCredentialId: credentialId(20),
  });
  const user = targetUser(context, input.UserName);
  const id = input.ServiceSpecificCredentialId as string;
  const credentials = user.serviceSpecificCredentials;
  if (!credentials.some((credential) => credential.serviceSpecificCredentialId === id)) {
    throw noSuchEntity(`The Service Specific Credential with id ${id} cannot be found.`);
  }
  user.serviceSpecificCredentials = credentials.filter(
    (credential) => credential.serviceSpecificCredentialId !== id,
  );
  return undefined;
};

export const createServiceSpecificCredential: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, ServiceName: REQUIRED });
  const user = targetUser(context, input.UserName);
  const serviceName = input.ServiceName as string;
  if (!SERVICES.includes(serviceName)) {
    throw new QueryError(
      'NotSupportedService',
      `Service ${serviceName} is not supported for service specific credentials.`,
      404,
    );
  }
  const same = user.serviceSpecificCredentials.filter((c) => c.serviceName === serviceName);
  if (same.length >= PER_SERVICE) {
    throw limitExceeded(
      `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${PER_SERVICE}`,
    );
  }
  const credential: ServiceSpecificCredential = {
    serviceSpecificCredentialId: context.world.ids.iam('ACCA'),
    serviceName,
    serviceUserName: `${user.userName}-at-${context.accountId}`,
    status: 'Active',
    createDate: context.now,
  };
  user.serviceSpecificCredentials.push(credential);
  return {
    ServiceSpecificCredential: {
      CreateDate: credential.createDate,
      ServiceName: credential.serviceName,
      ServiceUserName: credential.serviceUserName,
      ServicePassword: randomCredentials().secretAccessKey,
      ServiceSpecificCredentialId: credential.serviceSpecificCredentialId,
      UserName: user.userName,
      Status: credential.status,
    },
  };
};
