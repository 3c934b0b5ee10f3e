import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { ec2Client, failure, memberEc2, type Sandbox, SEED, startSandbox } from './fixture.js';

const { securityGroups: sg, rules } = SEED;

describe('sandbox EC2', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(async () => {
    sandbox.reset();
    ec2 = await memberEc2(sandbox);
  });

  async function rulesOf(groupId: string): Promise<SecurityGroupRule[]> {
    const all: SecurityGroupRule[] = [];
    const filter = { Filters: [{ Name: 'group-id', Values: [groupId] }] };
    for await (const page of paginateDescribeSecurityGroupRules({ client: ec2 }, filter)) {
      all.push(...(page.SecurityGroupRules ?? []));
    }
    return all;
  }

  describe('DescribeSecurityGroupRules', () => {
    it('pages five rules at a time by default, so the open rules of "crowded" are on page three', async () => {
      const first = await ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: [sg.crowded] }],
        }),
      );
      assert.equal(first.SecurityGroupRules?.length, 5);
      assert.ok(first.NextToken);
      const firstIds = first.SecurityGroupRules?.map((rule) => rule.SecurityGroupRuleId);
      assert.ok(!firstIds?.includes(rules.crowdedSshWorldV4));

      const all = await rulesOf(sg.crowded);
      assert.equal(all.length, 13, '12 ingress rules and the default egress rule');
      const open = all.filter(
        (rule) => !rule.IsEgress && (rule.CidrIpv4 === '0.0.0.0/0' || rule.CidrIpv6 === '::/0'),
      );
      assert.deepEqual(
        open.map((rule) => rule.SecurityGroupRuleId),
        [rules.crowdedSshWorldV4, rules.crowdedSshWorldV6],
      );
    });

    it('honours MaxResults within the 5 to 1000 AWS allows', async () => {
      const page = await ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 1000 }));
      assert.equal(page.NextToken, undefined);
      const error = await failure(
        ec2.send(new DescribeSecurityGroupRulesCommand({ MaxResults: 4 })),
      );
      assert.equal(error.name, 'InvalidParameterValue');
      assert.equal(error.$metadata.httpStatusCode, 400);
    });

    it('describes rules the way AWS does: all traffic as -1, one peer per rule, an ARN', async () => {
      const [rule] =
        (
          await ec2.send(
            new DescribeSecurityGroupRulesCommand({
              SecurityGroupRuleIds: [rules.legacyAllTrafficWorld],
            }),
          )
        ).SecurityGroupRules ?? [];
      assert.deepEqual(rule, {
        SecurityGroupRuleId: rules.legacyAllTrafficWorld,
        GroupId: sg.legacyAllOpen,
        GroupOwnerId: SEED.accounts.production,
        IsEgress: false,
        IpProtocol: '-1',
        FromPort: -1,
        ToPort: -1,
        CidrIpv4: '0.0.0.0/0',
        Tags: [],
        SecurityGroupRuleArn: `arn:aws:ec2:us-east-1:222222222222:security-group-rule/${rules.legacyAllTrafficWorld}`,
      });
    });

    it('fails for an unknown rule id and answers nothing for an unknown group filter', async () => {
      const error = await failure(
        ec2.send(
          new DescribeSecurityGroupRulesCommand({
            SecurityGroupRuleIds: ['sgr-0123456789abcdef0'],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidSecurityGroupRuleId.NotFound');
      const none = await ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: ['sg-0123456789abcdef0'] }],
        }),
      );
      assert.deepEqual(none.SecurityGroupRules, []);
    });

    it('rejects a filter AWS does not know', async () => {
      const error = await failure(
        ec2.send(
          new DescribeSecurityGroupRulesCommand({
            Filters: [{ Name: 'cidr', Values: ['0.0.0.0/0'] }],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidParameterValue');
      assert.equal(error.message, "The filter 'cidr' is invalid");
    });
  });

  describe('DescribeSecurityGroups', () => {
    it('folds rules into IpPermissions and leaves the ports out of all-traffic permissions', async () => {
      const { SecurityGroups } = await ec2.send(
        new DescribeSecurityGroupsCommand({ GroupIds: [sg.legacyAllOpen] }),
      );
      const group = SecurityGroups?.[0];
      assert.equal(group?.GroupName, 'legacy-all-open');
      assert.equal(group?.OwnerId, SEED.accounts.production);
      const all = group?.IpPermissions?.find((permission) => permission.IpProtocol === '-1');
      assert.equal(all?.FromPort, undefined);
      assert.deepEqual(all?.IpRanges, [{ CidrIp: '0.0.0.0/0' }]);
      assert.deepEqual(group?.IpPermissionsEgress?.[0]?.IpRanges, [{ CidrIp: '0.0.0.0/0' }]);

      const web = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.webFrontend] }));
      const ssh = web.SecurityGroups?.[0]?.IpPermissions?.find(
        (permission) => permission.FromPort === 22,
      );
      assert.deepEqual(ssh?.IpRanges, [
        { CidrIp: '0.0.0.0/0', Description: 'temp ssh' },
        { CidrIp: '10.0.0.0/8', Description: 'corp ssh' },
      ]);
      assert.deepEqual(ssh?.Ipv6Ranges, [{ CidrIpv6: '::/0' }]);
    });

    it('filters by tag and by group id, and pages with MaxResults', async () => {
      const tagged = await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [{ Name: 'tag:remediation:protected', Values: ['true'] }],
        }),
      );
      assert.deepEqual(
        tagged.SecurityGroups?.map((group) => group.GroupId),
        [sg.bastionProtected],
      );
      const byKey = await ec2.send(
        new DescribeSecurityGroupsCommand({
          Filters: [{ Name: 'tag-key', Values: ['remediation:*'] }],
        }),
      );
      assert.equal(byKey.SecurityGroups?.length, 1);

      const ids: string[] = [];
      let pages = 0;
      for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 5 }, {})) {
        pages++;
        ids.push(...(page.SecurityGroups ?? []).map((group) => group.GroupId ?? ''));
      }
      assert.equal(pages, 2);
      assert.equal(
        ids.length,
        7,
        'the six groups of 222222222222 in us-east-1, and the isolation group of an earlier isolation',
      );
    });

    it('keeps regions and accounts apart', async () => {
      const eu = await memberEc2(sandbox, SEED.accounts.production, { region: 'eu-west-1' });
      const { SecurityGroups } = await eu.send(new DescribeSecurityGroupsCommand({}));
      assert.deepEqual(
        SecurityGroups?.map((group) => group.GroupId),
        [sg.euApp],
      );
      const data = await memberEc2(sandbox, SEED.accounts.data);
      const other = await data.send(new DescribeSecurityGroupsCommand({}));
      assert.deepEqual(
        other.SecurityGroups?.map((group) => group.GroupId),
        [sg.dataPipeline],
      );
    });

    it("answers AWS's errors for unknown and malformed group ids", async () => {
      const missing = await failure(
        ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0a1b2c3d4e5f6ffff'] })),
      );
      assert.equal(missing.name, 'InvalidGroup.NotFound');
      assert.equal(missing.message, "The security group 'sg-0a1b2c3d4e5f6ffff' does not exist");
      assert.equal(missing.$metadata.httpStatusCode, 400);
      const malformed = await failure(
        ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-123'] })),
      );
      assert.equal(malformed.name, 'InvalidGroupId.Malformed');
    });

    it('acts in the security account for static credentials, where the groups do not exist', async () => {
      const error = await failure(
        ec2Client(sandbox).send(new DescribeSecurityGroupsCommand({ GroupIds: [sg.webFrontend] })),
      );
      assert.equal(error.name, 'InvalidGroup.NotFound');
    });

    it('answers DryRunOperation (HTTP 412) to a dry run', async () => {
      const error = await failure(ec2.send(new DescribeSecurityGroupsCommand({ DryRun: true })));
      assert.equal(error.name, 'DryRunOperation');
      assert.equal(error.$metadata.httpStatusCode, 412);
    });
  });

  describe('RevokeSecurityGroupIngress', () => {
    it('revokes by rule id and returns the revoked rule as the undo record', async () => {
      const result = await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: sg.webFrontend,
          SecurityGroupRuleIds: [rules.webSshWorldV4],
        }),
      );
      assert.equal(result.Return, true);
      assert.deepEqual(result.RevokedSecurityGroupRules, [
        {
          SecurityGroupRuleId: rules.webSshWorldV4,
          GroupId: sg.webFrontend,
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIpv4: '0.0.0.0/0',
          Description: 'temp ssh',
        },
      ]);
      const left = (await rulesOf(sg.webFrontend)).map((rule) => rule.SecurityGroupRuleId);
      assert.ok(!left.includes(rules.webSshWorldV4));
      assert.ok(left.includes(rules.webSshPrivate));
    });

    it('fails the whole call when any rule id is unknown, and revokes nothing', async () => {
      const error = await failure(
        ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: sg.webFrontend,
            SecurityGroupRuleIds: [rules.webSshWorldV6, rules.euSshWorld],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidSecurityGroupRuleId.NotFound');
      const left = (await rulesOf(sg.webFrontend)).map((rule) => rule.SecurityGroupRuleId);
      assert.ok(left.includes(rules.webSshWorldV6));
    });

    it('revokes by IpPermissions only on an exact match, description aside', async () => {
      const wider = await failure(
        ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: sg.opsRange,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ],
          }),
        ),
      );
      assert.equal(wider.name, 'InvalidPermission.NotFound');
      assert.equal(wider.message, 'The specified rule does not exist in this security group.');

      const exact = await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: sg.opsRange,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 20, ToPort: 25, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      );
      assert.equal(exact.Return, true);
      assert.equal(
        exact.RevokedSecurityGroupRules?.[0]?.SecurityGroupRuleId,
        rules.opsTcpRangeWorld,
      );

      // The seeded rule is described ("temp ssh"); the request need not repeat it.
      const described = await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: sg.webFrontend,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      );
      assert.deepEqual(
        described.RevokedSecurityGroupRules?.map((rule) => rule.SecurityGroupRuleId),
        [rules.webSshWorldV4],
      );
    });

    it('names the missing group the way AWS does', async () => {
      const error = await failure(
        ec2.send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: 'sg-0a1b2c3d4e5f6ffff',
            SecurityGroupRuleIds: [rules.webSshWorldV4],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidGroup.NotFound');
      assert.equal(error.message, "The security group 'sg-0a1b2c3d4e5f6ffff' does not exist");
    });
  });

  describe('AuthorizeSecurityGroupIngress', () => {
    it('adds one rule per source with new sgr ids, descriptions and tags', async () => {
      const result = await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: sg.webFrontend,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: '198.51.100.0/24', Description: 'vpn <office> & co' }],
              Ipv6Ranges: [{ CidrIpv6: '2001:db8::/32' }],
            },
          ],
          TagSpecifications: [
            { ResourceType: 'security-group-rule', Tags: [{ Key: 'ticket', Value: 'SEC-42' }] },
          ],
        }),
      );
      assert.equal(result.Return, true);
      const added = result.SecurityGroupRules ?? [];
      assert.equal(added.length, 2);
      for (const rule of added) assert.match(rule.SecurityGroupRuleId ?? '', /^sgr-[0-9a-f]{17}$/);
      assert.equal(added[0]?.Description, 'vpn <office> & co');
      assert.deepEqual(added[0]?.Tags, [{ Key: 'ticket', Value: 'SEC-42' }]);
      assert.equal(added[1]?.CidrIpv6, '2001:db8::/32');
      assert.equal((await rulesOf(sg.webFrontend)).length, 7);
    });

    it('refuses a duplicate with AWS message and adds nothing', async () => {
      const error = await failure(
        ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: sg.webFrontend,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: 443,
                ToPort: 443,
                IpRanges: [{ CidrIp: '203.0.113.0/24' }, { CidrIp: '0.0.0.0/0' }],
              },
            ],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidPermission.Duplicate');
      assert.equal(
        error.message,
        'the specified rule "peer: 0.0.0.0/0, TCP, from port: 443, to port: 443, ALLOW" already exists',
      );
      assert.equal((await rulesOf(sg.webFrontend)).length, 5);
    });

    it('stores all traffic as protocol -1 with ports -1', async () => {
      const result = await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: sg.alreadyFine,
          IpPermissions: [
            { IpProtocol: 'all', FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
          ],
        }),
      );
      const rule = result.SecurityGroupRules?.[0];
      assert.deepEqual([rule?.IpProtocol, rule?.FromPort, rule?.ToPort], ['-1', -1, -1]);
    });

    it('rejects an invalid CIDR', async () => {
      const error = await failure(
        ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: sg.alreadyFine,
            IpPermissions: [
              {
                IpProtocol: 'tcp',
                FromPort: 22,
                ToPort: 22,
                IpRanges: [{ CidrIp: '10.0.0.0/33' }],
              },
            ],
          }),
        ),
      );
      assert.equal(error.name, 'InvalidParameterValue');
    });
  });
});
