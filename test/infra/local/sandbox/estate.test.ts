import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { organizationOf } from '../../../../infra/local/sandbox/aws/organizations/state.js';
import { generateEstate } from '../../../../infra/local/sandbox/estate/generate.js';
import { seedWorld } from '../../../../infra/local/sandbox/seed.js';
import type { SecurityGroup } from '../../../../infra/local/sandbox/state.js';
import { failure, memberEc2, type Sandbox, SEED, startSandbox } from './fixture.js';

const WORLD = ['0.0.0.0/0', '::/0'];
const isOpen = (group: SecurityGroup) =>
  group.rules.some(
    (rule) => !rule.isEgress && 'cidr' in rule.peer && WORLD.includes(rule.peer.cidr),
  );

describe('generated estate', () => {
  it('is deterministic and sized by its options', () => {
    const a = generateEstate({ memberAccounts: 4, groupsPerRegion: 5, regions: ['us-east-1'] });
    const b = generateEstate({ memberAccounts: 4, groupsPerRegion: 5, regions: ['us-east-1'] });
    assert.deepEqual(a, b);
    assert.equal(a.accounts.length, 4);
    for (const account of a.accounts) {
      assert.equal(account.ec2.get('us-east-1')?.securityGroups.size, 5);
    }
    // A bigger estate keeps every group of a smaller one.
    const bigger = generateEstate({
      memberAccounts: 6,
      groupsPerRegion: 5,
      regions: ['us-east-1'],
    });
    const ids = (estate: typeof a) =>
      estate.accounts.flatMap((account) => [
        ...(account.ec2.get('us-east-1')?.securityGroups.keys() ?? []),
      ]);
    for (const id of ids(a)) assert.ok(ids(bigger).includes(id));
  });

  it('seeds about a thousand groups over 20 members × 3 regions, a share exposed, protected or in use', () => {
    const world = seedWorld();
    const organization = organizationOf(world);
    const members = organization?.accounts.filter(
      (account) =>
        account.status === 'ACTIVE' &&
        account.id !== organization.managementAccountId &&
        account.id !== SEED.accounts.security,
    );
    assert.equal(members?.length, 20);
    const groups: SecurityGroup[] = [];
    let used = 0;
    for (const account of world.accounts.values()) {
      for (const region of account.ec2.values()) {
        groups.push(...region.securityGroups.values());
        const users = new Set(
          [...region.networkInterfaces.values()].flatMap((eni) => eni.groupIds),
        );
        used += [...region.securityGroups.keys()].filter((id) => users.has(id)).length;
      }
    }
    assert.ok(groups.length >= 900 && groups.length <= 1100, `${groups.length} groups`);
    const exposed = groups.filter(isOpen).length;
    assert.ok(exposed > groups.length * 0.2 && exposed < groups.length * 0.5, `${exposed} exposed`);
    const protectedCount = groups.filter((g) =>
      g.tags.some((t) => t.key === SEED.protectedTag.key),
    ).length;
    assert.ok(protectedCount > 20, `${protectedCount} protected`);
    assert.ok(used > 200, `${used} in use`);
  });
});

describe('sandbox EC2 over the estate', () => {
  let sandbox: Sandbox;
  const account = () => {
    const org = organizationOf(sandbox.world);
    return org?.accounts.find((a) => a.name.startsWith('payments-prod'))?.id ?? '';
  };

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());

  it('filters groups by ip-permission.cidr and ipv6-cidr exactly as the rules say', async () => {
    const ec2 = await memberEc2(sandbox, account(), { region: 'eu-west-1' });
    const region = sandbox.world.accounts.get(account())?.ec2.get('eu-west-1');
    for (const [name, cidr] of [
      ['ip-permission.cidr', '0.0.0.0/0'],
      ['ip-permission.ipv6-cidr', '::/0'],
    ] as const) {
      const { SecurityGroups } = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: name, Values: [cidr] }] }),
      );
      const expected = [...(region?.securityGroups.values() ?? [])]
        .filter((g) => g.rules.some((r) => !r.isEgress && 'cidr' in r.peer && r.peer.cidr === cidr))
        .map((g) => g.groupId)
        .sort();
      assert.deepEqual(SecurityGroups?.map((g) => g.GroupId).sort(), expected);
    }
  });

  it('describes the network interfaces that use a group, paged, with what they attach to', async () => {
    const ec2 = await memberEc2(sandbox, account(), { region: 'us-east-1' });
    const region = sandbox.world.accounts.get(account())?.ec2.get('us-east-1');
    const interfaces = [...(region?.networkInterfaces.values() ?? [])];
    const groupIds = [...new Set(interfaces.flatMap((eni) => eni.groupIds))];
    const seen = [];
    for await (const page of paginateDescribeNetworkInterfaces(
      { client: ec2, pageSize: 5 },
      { Filters: [{ Name: 'group-id', Values: groupIds }] },
    )) {
      seen.push(...(page.NetworkInterfaces ?? []));
    }
    assert.equal(seen.length, interfaces.length);
    const attached = seen.find((eni) => eni.Attachment?.InstanceId);
    assert.match(attached?.Attachment?.InstanceId ?? '', /^i-[0-9a-f]{17}$/);
    assert.ok(attached?.Groups?.[0]?.GroupName);
    const one = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'group-id', Values: [attached?.Groups?.[0]?.GroupId ?? ''] }],
      }),
    );
    assert.ok(
      one.NetworkInterfaces?.every((eni) =>
        eni.Groups?.some((g) => g.GroupId === attached?.Groups?.[0]?.GroupId),
      ),
    );
    const missing = await failure(
      ec2.send(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0123456789abcdef0'] }),
      ),
    );
    assert.equal(missing.name, 'InvalidNetworkInterfaceID.NotFound');
  });
});
