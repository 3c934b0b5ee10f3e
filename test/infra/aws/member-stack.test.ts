import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
import { registry } from '../../../api/actions/registry.js';
import {
  declaredPermissions,
  mutatingIamPermissions,
} from '../../../infra/aws/member-permissions.js';
import { memberStack, policyDocuments, statements } from './stacks.js';

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON; the assertions read it as such.
type Json = Record<string, any>;
let json: Json;

before(() => {
  json = Template.fromStack(memberStack()).toJSON();
});

function resources(type: string): [string, Json][] {
  return Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

describe('member account stack', () => {
  it('allows exactly the IAM actions the registry declares', () => {
    const [[, policy]] = resources('AWS::IAM::Policy') as [[string, Json]];
    const allows = statements(policy.Properties.PolicyDocument).filter((s) => s.Effect === 'Allow');
    assert.deepEqual(
      allows.flatMap((s) => [s.Action].flat()).sort(),
      declaredPermissions(registry),
    );
  });

  it('denies the role any change to itself', () => {
    const [[, policy]] = resources('AWS::IAM::Policy') as [[string, Json]];
    const denies = statements(policy.Properties.PolicyDocument).filter((s) => s.Effect === 'Deny');
    const selfChanges = mutatingIamPermissions(declaredPermissions(registry));
    if (selfChanges.length === 0) return assert.equal(denies.length, 0);
    assert.equal(denies.length, 1);
    assert.deepEqual([denies[0]?.Action].flat().sort(), selfChanges.sort());
    assert.ok(JSON.stringify(denies[0]?.Resource).includes('RemediationRoleName'));
  });

  it('is assumable only by the API role in the security account, naming the requester', () => {
    const [[, role]] = resources('AWS::IAM::Role') as [[string, Json]];
    const trust = statements(role.Properties.AssumeRolePolicyDocument);
    assert.deepEqual(trust.flatMap((s) => [s.Action].flat()).sort(), [
      'sts:AssumeRole',
      'sts:SetSourceIdentity',
    ]);
    for (const statement of trust as Json[]) {
      assert.equal(statement.Effect, 'Allow');
      const principal = JSON.stringify(statement.Principal);
      assert.ok(principal.includes('SecurityAccountId') && !principal.includes('"*"'), principal);
      assert.deepEqual(statement.Condition.Null, { 'sts:SourceIdentity': 'false' });
      const arn = JSON.stringify(statement.Condition.ArnEquals['aws:PrincipalArn']);
      assert.ok(arn.includes('SecurityAccountId') && arn.includes('ApiRoleName'), arn);
    }
    assert.deepEqual(role.Properties.RoleName, { Ref: 'RemediationRoleName' });
  });

  it('deploys as a StackSet: parameters only, no assets, no bootstrap check', () => {
    assert.deepEqual(Object.keys(json.Parameters).sort(), [
      'ApiRoleName',
      'RemediationRoleName',
      'SecurityAccountId',
    ]);
    assert.equal(json.Rules, undefined);
    const text = JSON.stringify(json);
    assert.ok(
      !text.includes('cdk-') && !text.includes('AssetParameters'),
      'bootstrap or asset reference',
    );
    for (const { document } of policyDocuments(json)) {
      for (const statement of statements(document)) {
        assert.ok(!/"\*"/.test(JSON.stringify(statement.Principal ?? {})));
      }
    }
  });
});

describe('member policy conditions', () => {
  it('narrows the actions the isolation declares conditions for, and only those', () => {
    const [[, policy]] = resources('AWS::IAM::Policy') as [[string, Json]];
    const conditioned = statements(policy.Properties.PolicyDocument).filter(
      (s) => s.Effect === 'Allow' && s.Condition,
    );
    const byAction = Object.fromEntries(
      conditioned.flatMap((s) => [s.Action].flat().map((action) => [action, s.Condition])),
    );
    assert.deepEqual(byAction['iam:PassRole'], {
      StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' },
    });
    assert.deepEqual(byAction['ec2:RevokeSecurityGroupEgress'], {
      StringLike: { 'aws:ResourceTag/security:isolation-group': '*' },
    });
    assert.deepEqual(byAction['ec2:DeleteTags'], {
      'ForAllValues:StringLike': { 'aws:TagKeys': ['security:*'] },
    });
    // closeSecurityGroupPort needs inbound changes on any group, so they stay unconditioned.
    assert.equal(byAction['ec2:AuthorizeSecurityGroupIngress'], undefined);
  });
});
