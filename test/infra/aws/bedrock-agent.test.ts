import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { checkBedrockRules } from '../../../openapi/bedrock-rules.js';
import { securityStack } from './stacks.js';

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON
type Json = Record<string, any>;

const withAgent = () => securityStack({ bedrockAgent: {} });
const of = (json: Json, type: string) =>
  Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);

describe('the Bedrock agent (-c bedrockAgent=true)', () => {
  it('is left out unless asked for', () => {
    const json = Template.fromStack(securityStack()).toJSON();
    assert.deepEqual(of(json, 'AWS::Bedrock::Agent'), []);
  });

  it('has the generated action groups, executed by the API function, and an alias', () => {
    const stack = withAgent();
    const json = Template.fromStack(stack).toJSON();
    const [[, agent] = ['', {}]] = of(json, 'AWS::Bedrock::Agent');
    const groups = agent.Properties.ActionGroups as Json[];
    assert.deepEqual(groups.map((g) => g.ActionGroupName).sort(), ['bulk', 'inspect', 'remediate']);
    const [[fnId] = ['']] = of(json, 'AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties.Handler).startsWith('api/lambda/'),
    );
    for (const group of groups) {
      const committed = readFileSync(
        new URL(`../../../openapi/bedrock/${group.ActionGroupName}.json`, import.meta.url),
        'utf8',
      );
      assert.equal(group.ApiSchema.Payload, committed);
      // CloudFormation takes an action group's description up to 200 characters.
      assert.ok(group.Description.length <= 200, `${group.ActionGroupName}: description too long`);
      assert.deepEqual(checkBedrockRules(JSON.parse(committed)), []);
      assert.deepEqual(group.ActionGroupExecutor.Lambda, { 'Fn::GetAtt': [fnId, 'Arn'] });
    }
    const [agentId] = of(json, 'AWS::Bedrock::Agent')[0] as [string, Json];
    const aliases = of(json, 'AWS::Bedrock::AgentAlias');
    assert.equal(aliases.length, 1);
    assert.deepEqual(aliases[0]?.[1].Properties.AgentId, { 'Fn::GetAtt': [agentId, 'AgentId'] });
  });

  it('lets only this agent of this account invoke the function', () => {
    const json = Template.fromStack(withAgent()).toJSON();
    const [agentId] = of(json, 'AWS::Bedrock::Agent')[0] as [string, Json];
    const permissions = of(json, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'bedrock.amazonaws.com',
    );
    assert.equal(permissions.length, 1);
    const [, permission] = permissions[0] as [string, Json];
    assert.deepEqual(permission.Properties.SourceArn, { 'Fn::GetAtt': [agentId, 'AgentArn'] });
    assert.deepEqual(permission.Properties.SourceAccount, { Ref: 'AWS::AccountId' });
  });

  it('gives the agent role only InvokeModel on its model', () => {
    const json = Template.fromStack(withAgent()).toJSON();
    const [, agent] = of(json, 'AWS::Bedrock::Agent')[0] as [string, Json];
    const roleId = agent.Properties.AgentResourceRoleArn['Fn::GetAtt'][0];
    const policies = of(json, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId),
    );
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat()),
    );
    assert.deepEqual(actions, ['bedrock:InvokeModel']);
  });

  it('passes cdk-nag AwsSolutions', () => {
    const stack: Stack = withAgent();
    Template.fromStack(stack);
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
  });
});
