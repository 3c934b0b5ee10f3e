import type { NetworkInterface } from '../aws/ec2/network-interface.js';
import { setOrganization } from '../aws/organizations/state.js';
import {
  type Account,
  emptyIamAccount,
  type RegionEc2,
  type SecurityGroup,
  type World,
} from '../state.js';
import type { Estate } from './generate.js';
import { stableId } from './random.js';

const ESTABLISHED = new Date('2023-02-01T09:00:00Z');

/**
 * Puts a generated estate into a world: its accounts (each trusting the security account through
 * the remediation role, like the incident's members), their groups and interfaces, and the
 * organisation. The estate is copied, so one generated estate can seed any number of worlds.
 */
export function plantEstate(world: World, estate: Estate): void {
  const { securityAccountId, remediationRoleName } = estate.options;
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${securityAccountId}:root` },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      },
    ],
  });
  for (const generated of estate.accounts) {
    const { accountId } = generated;
    const iam = emptyIamAccount();
    iam.roles.set(remediationRoleName, {
      roleName: remediationRoleName,
      roleId: `AROA${stableId('r', `${accountId}:role`, 17).slice(2).toUpperCase()}`,
      arn: `arn:aws:iam::${accountId}:role/${remediationRoleName}`,
      path: '/',
      createDate: ESTABLISHED,
      description: 'Assumed by the security account to contain incidents',
      assumeRolePolicyDocument: trust,
      maxSessionDuration: 3600,
      inlinePolicies: new Map(),
      attachedPolicies: [],
      tags: [],
    });
    // Copied on first use: most tests and most resets never look at a generated account.
    const account: Account = {
      accountId,
      iam,
      get ec2() {
        const ec2 = copyEc2(generated.ec2);
        Object.defineProperty(this, 'ec2', { value: ec2, writable: true, enumerable: true });
        return ec2;
      },
    };
    world.accounts.set(accountId, account);
  }
  setOrganization(world, structuredClone(estate.organization));
}

// A copy by hand: structuredClone of a thousand groups costs a sandbox reset ten times as much.
function copyEc2(ec2: Map<string, RegionEc2>): Map<string, RegionEc2> {
  const copy = new Map<string, RegionEc2>();
  for (const [region, state] of ec2) {
    copy.set(region, {
      region,
      defaultVpcId: state.defaultVpcId,
      securityGroups: new Map(
        [...state.securityGroups].map(([id, group]) => [id, copyGroup(group)]),
      ),
      networkInterfaces: new Map(
        [...state.networkInterfaces].map(([id, eni]) => [id, copyInterface(eni)]),
      ),
    });
  }
  return copy;
}

function copyGroup(group: SecurityGroup): SecurityGroup {
  return {
    ...group,
    tags: group.tags.map((tag) => ({ ...tag })),
    rules: group.rules.map((rule) => ({
      ...rule,
      peer: { ...rule.peer },
      tags: rule.tags.map((tag) => ({ ...tag })),
    })),
  };
}

function copyInterface(eni: NetworkInterface): NetworkInterface {
  return {
    ...eni,
    groupIds: [...eni.groupIds],
    groupHistory: eni.groupHistory.map((set) => [...set]),
    tags: eni.tags.map((tag) => ({ ...tag })),
    ...(eni.attachment ? { attachment: { ...eni.attachment } } : {}),
  };
}
