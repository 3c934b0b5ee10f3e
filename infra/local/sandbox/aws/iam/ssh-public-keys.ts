import { createHash } from 'node:crypto';
import type { SshPublicKey } from '../../state.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { credentialId } from './credential-input.js';
import { targetUser } from './entities.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { NAME, REQUIRED, REQUIRED_NAME, readInput } from './input.js';
import { paginate } from './paging.js';

/** SSH keys for CodeCommit; they block DeleteUser until removed. */
const KEYS_PER_USER = 5;

export const listSshPublicKeys: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  const { items, ...paging } = paginate(context, user.sshPublicKeys, (key) => key.sshPublicKeyId);
  return {
    SSHPublicKeys: items.map((key) => ({
      UserName: user.userName,
      SSHPublicKeyId: key.sshPublicKeyId,
      Status: key.status,
      UploadDate: key.uploadDate,
    })),
    ...paging,
  };
};

export const deleteSshPublicKey: Operation = (context) => {
  const input = readInput(context, { UserName: REQUIRED_NAME, SSHPublicKeyId: credentialId(20) });
  const user = targetUser(context, input.UserName);
  const id = input.SSHPublicKeyId as string;
  if (!user.sshPublicKeys.some((key) => key.sshPublicKeyId === id)) {
    throw noSuchEntity(`The Public Key with id ${id} cannot be found.`);
  }
  user.sshPublicKeys = user.sshPublicKeys.filter((key) => key.sshPublicKeyId !== id);
  return undefined;
};

/** Accepts any OpenSSH or PEM public key; AWS also checks the key type and length. */
export const uploadSshPublicKey: Operation = (context) => {
  const input = readInput(context, {
    UserName: REQUIRED_NAME,
    SSHPublicKeyBody: { ...REQUIRED, max: 16384 },
  });
  const user = targetUser(context, input.UserName);
  const body = (input.SSHPublicKeyBody as string).trim();
  if (!/^(ssh-rsa |-----BEGIN )/.test(body)) {
    throw new QueryError('InvalidPublicKey', 'The public key is not valid.', 400);
  }
  if (user.sshPublicKeys.length >= KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for KeyPairsPerUser: ${KEYS_PER_USER}`);
  }
  const key: SshPublicKey = {
    sshPublicKeyId: context.world.ids.iam('APKA'),
    fingerprint: (createHash('md5').update(body).digest('hex').match(/../g) ?? []).join(':'),
    body,
    status: 'Active',
    uploadDate: context.now,
  };
  user.sshPublicKeys.push(key);
  return {
    SSHPublicKey: {
      UserName: user.userName,
      SSHPublicKeyId: key.sshPublicKeyId,
      Fingerprint: key.fingerprint,
      SSHPublicKeyBody: key.body,
      Status: key.status,
      UploadDate: key.uploadDate,
    },
  };
};
