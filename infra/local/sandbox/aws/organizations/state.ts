import type { World } from '../../state.js';

/**
 * AWS Organizations as the sandbox plays it: one organisation whose management account is outside
 * the sandbox's accounts (as it is in practice for a security team) and whose security account is
 * the delegated administrator. Kept beside the world, keyed by it, so a reset that swaps the world
 * also puts the organisation back.
 */
export interface Organization {
  id: string;
  managementAccountId: string;
  managementAccountEmail: string;
  /** Accounts allowed to read the organisation's accounts besides the management account. */
  delegatedAdministrators: string[];
  /** In the order they joined. */
  accounts: OrganizationAccount[];
}

export interface OrganizationAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  joinedMethod: 'INVITED' | 'CREATED';
  joinedTimestamp: Date;
}

const organizations = new WeakMap<World, Organization>();

export function organizationOf(world: World): Organization | undefined {
  return organizations.get(world);
}

export function setOrganization(world: World, organization: Organization): void {
  organizations.set(world, organization);
}

export function organizationArn(organization: Organization): string {
  return `arn:aws:organizations::${organization.managementAccountId}:organization/${organization.id}`;
}

export function accountArn(organization: Organization, accountId: string): string {
  return `arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${accountId}`;
}
