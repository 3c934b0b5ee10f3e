import type { World } from '../../state.js';
import type { Operation } from '../query.js';
import { perWorld } from '../world-state.js';
import { roleByName } from './entities.js';
import { noSuchEntity } from './errors.js';
import { REQUIRED_NAME, readInput } from './input.js';
import { roleXml } from './shapes.js';

/**
 * Instance profiles: the container EC2 hands a role to an instance through. Kept beside the world
 * (keyed by it, so a reset reseeds them) rather than in state.ts, with the EC2 compute seed.
 */
export interface InstanceProfile {
  instanceProfileName: string;
  instanceProfileId: string;
  arn: string;
  path: string;
  createDate: Date;
  /** At most one role, as IAM allows. */
  roleNames: string[];
}

/** The instance profiles of one account, by name. */
export const instanceProfilesOf = perWorld(
  (_world: World, _accountId: string) => new Map<string, InstanceProfile>(),
);

export const getInstanceProfile: Operation = (context) => {
  const { InstanceProfileName } = readInput(context, { InstanceProfileName: REQUIRED_NAME });
  const name = InstanceProfileName as string;
  const profile = instanceProfilesOf(context.world, context.accountId).get(name);
  if (!profile) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return {
    InstanceProfile: {
      Path: profile.path,
      InstanceProfileName: profile.instanceProfileName,
      InstanceProfileId: profile.instanceProfileId,
      Arn: profile.arn,
      CreateDate: profile.createDate,
      Roles: profile.roleNames.map((roleName) => roleXml(roleByName(context, roleName))),
    },
  };
};
