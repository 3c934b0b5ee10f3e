import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WORKLOADS } from '../../../../infra/local/sandbox/aws/incident-workloads.js';
import { SEED, seedWorld } from '../../../../infra/local/sandbox/seed.js';
import { regionEc2, type World } from '../../../../infra/local/sandbox/state.js';

/** The incident's own groups; the generated estate around it has its own test. */
function groupsOf(world: World) {
  return SEED.memberAccounts.flatMap((accountId) =>
    [...(world.accounts.get(accountId)?.ec2.values() ?? [])].flatMap((region) => [
      ...region.securityGroups.values(),
    ]),
  );
}

describe('sandbox seed', () => {
  const world = seedWorld();
  const production = world.accounts.get(SEED.accounts.production);
  const iam = production?.iam;

  it('is deterministic: two seeds hold the same ids', () => {
    const again = seedWorld();
    const ids = (w: World) =>
      JSON.stringify([...(w.accounts.get(SEED.accounts.production)?.iam.users.values() ?? [])]);
    assert.equal(ids(again), ids(world));
  });

  it('holds every security group and rule SEED names, each group with the default egress rule', () => {
    const groups = groupsOf(world);
    assert.deepEqual(
      groups.map((group) => group.groupId).sort(),
      [...Object.values(SEED.securityGroups), WORKLOADS.isolationGroup].sort(),
    );
    const ruleIds = groups.flatMap((group) => group.rules.map((rule) => rule.ruleId));
    for (const id of Object.values(SEED.rules)) assert.ok(ruleIds.includes(id), id);
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    // The isolation group an earlier isolation left has no rules at all, by design.
    for (const group of groups.filter((g) => g.groupId !== WORKLOADS.isolationGroup)) {
      const egress = group.rules.filter((rule) => rule.isEgress);
      assert.deepEqual(
        egress.map((rule) => [rule.ipProtocol, rule.peer]),
        [['-1', { kind: 'ipv4', cidr: '0.0.0.0/0' }]],
      );
      for (const rule of group.rules) assert.match(rule.ruleId, /^sgr-[0-9a-f]{17}$/);
    }
    const crowded = regionEc2(world, SEED.accounts.production, 'us-east-1').securityGroups.get(
      SEED.securityGroups.crowded,
    );
    assert.equal(crowded?.rules.filter((rule) => !rule.isEgress).length, 12);
  });

  it('has the remediation role in the member accounts only', () => {
    for (const accountId of SEED.memberAccounts) {
      const role = world.accounts.get(accountId)?.iam.roles.get(SEED.remediationRoleName);
      assert.equal(role?.path, '/');
      assert.match(role?.assumeRolePolicyDocument ?? '', /arn:aws:iam::111111111111:root/);
    }
    assert.ok(world.accounts.has(SEED.accounts.noRemediationRole));
    assert.equal(
      world.accounts.get(SEED.accounts.noRemediationRole)?.iam.roles.has(SEED.remediationRoleName),
      false,
    );
  });

  it('gives each attacker user everything DeleteUser would trip over', () => {
    for (const name of SEED.iam.attackerUsers) {
      const user = iam?.users.get(name);
      assert.ok(user, name);
      assert.ok(user.loginProfile);
      assert.deepEqual(
        user.accessKeys.map((key) => key.accessKeyId),
        [...SEED.iam.accessKeys[name]],
      );
      assert.ok(user.accessKeys[0]?.lastUsed?.serviceName);
      assert.ok(user.attachedPolicies.includes(SEED.iam.administratorAccessArn));
      assert.equal(user.inlinePolicies.size, 1);
      assert.deepEqual(user.groupNames, [SEED.iam.adminGroup]);
      const mfa = iam?.mfaDevices.get(`arn:aws:iam::222222222222:mfa/${name}`);
      assert.equal(mfa?.kind, 'virtual');
      assert.equal(mfa?.userName, name);
    }
    const extras = SEED.iam.attackerUsers.map((name) => iam?.users.get(name));
    assert.equal(extras[0]?.signingCertificates.length, 1);
    assert.equal(extras[1]?.sshPublicKeys.length, 1);
    assert.equal(extras[2]?.serviceSpecificCredentials.length, 1);
    assert.ok(iam?.groups.has(SEED.iam.adminGroup));
  });

  it('has the roles and users remediation must refuse to touch', () => {
    assert.equal(iam?.roles.get(SEED.iam.ssoRole)?.path, '/aws-reserved/sso.amazonaws.com/');
    assert.equal(
      iam?.roles.get(SEED.iam.ssoRole)?.arn,
      `arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/${SEED.iam.ssoRole}`,
    );
    assert.equal(
      iam?.roles.get(SEED.iam.serviceLinkedRole)?.path,
      '/aws-service-role/support.amazonaws.com/',
    );
    assert.ok(
      iam?.roles
        .get(SEED.iam.compromisedRole)
        ?.attachedPolicies.includes(SEED.iam.administratorAccessArn),
    );
    assert.ok(iam?.users.has(SEED.iam.breakGlassUser));
    assert.deepEqual(
      iam?.users.get(SEED.iam.legalHoldUser)?.tags.find((tag) => tag.key === SEED.protectedTag.key),
      SEED.protectedTag,
    );
    assert.ok(world.awsManagedPolicies.has(SEED.iam.administratorAccessArn));
  });
});
