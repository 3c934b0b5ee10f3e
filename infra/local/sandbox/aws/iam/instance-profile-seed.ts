import type { World } from '../../state.js';
import { WORKLOADS } from '../incident-workloads.js';
import { instanceProfilesOf } from './instance-profiles.js';

const CREATED = new Date('2024-03-04T09:00:00Z');

/** The web tier's role and the instance profile every web server shares. */
export function seedInstanceProfiles(world: World): void {
  const { accountId, role, instanceProfile } = WORKLOADS;
  const account = world.accounts.get(accountId);
  if (!account) throw new Error(`The sandbox has no account ${accountId}`);
  account.iam.roles.set(role, {
    roleName: role,
    roleId: world.ids.iam('AROA'),
    arn: `arn:aws:iam::${accountId}:role/${role}`,
    path: '/',
    createDate: CREATED,
    description: 'Web servers read their configuration and write logs',
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ec2.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    }),
    maxSessionDuration: 3600,
    inlinePolicies: new Map([
      [
        'web-config-read',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetObject', 'logs:PutLogEvents'], Resource: '*' },
          ],
        }),
      ],
    ]),
    attachedPolicies: [],
    tags: [],
  });
  instanceProfilesOf(world, accountId).set(instanceProfile, {
    instanceProfileName: instanceProfile,
    instanceProfileId: world.ids.iam('AIPA'),
    arn: `arn:aws:iam::${accountId}:instance-profile/${instanceProfile}`,
    path: '/',
    createDate: CREATED,
    roleNames: [role],
  });
}
