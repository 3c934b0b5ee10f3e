import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  bulkStateMachineDefinition,
  MAX_LANES_AT_ONCE,
  TASK_STATES,
} from '../../../api/bulk/state-machine.js';
import { currentDocument, policyDocuments, securityStack, statements } from './stacks.js';

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON.
type Json = Record<string, any>;

let json: Json;
let stack: ReturnType<typeof securityStack>;

before(async () => {
  stack = securityStack({ openApiDocument: await currentDocument() });
  json = Template.fromStack(stack).toJSON();
});

const byType = (type: string) =>
  Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);

describe('security account stack: the bulk remediation state machine', () => {
  it('deploys the very definition the local runner executes, with the function in its task states', () => {
    const [[, machine]] = byType('AWS::StepFunctions::StateMachine') as [[string, Json]];
    const definition = JSON.parse(machine.Properties.DefinitionString);
    assert.deepEqual(definition, bulkStateMachineDefinition());
    const [[functionId]] = byType('AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('ApiFunction'),
    ) as [[string, Json]];
    assert.deepEqual(machine.Properties.DefinitionSubstitutions.BulkTaskFunctionArn, {
      'Fn::GetAtt': [functionId, 'Arn'],
    });
    // A Distributed Map over accounts x Regions; lanes retry throttling with back-off and jitter.
    const lanes = definition.States.Lanes;
    assert.equal(lanes.Type, 'Map');
    assert.equal(lanes.ItemProcessor.ProcessorConfig.Mode, 'DISTRIBUTED');
    assert.equal(lanes.MaxConcurrency, MAX_LANES_AT_ONCE);
    const runLane = lanes.ItemProcessor.States[TASK_STATES.runLane];
    const backOff = runLane.Retry.find((r: Json) => r.ErrorEquals.includes('BulkLaneBackOff'));
    assert.ok(backOff && backOff.BackoffRate > 1 && backOff.JitterStrategy === 'FULL');
    assert.deepEqual(runLane.Catch?.[0]?.ErrorEquals, ['States.ALL']);
    assert.equal(machine.Properties.LoggingConfiguration.Level, 'ALL');
    assert.equal(machine.Properties.TracingConfiguration.Enabled, true);
  });

  it('lets the state machine invoke only the function, and the function start only this state machine', () => {
    const [[, machine]] = byType('AWS::StepFunctions::StateMachine') as [[string, Json]];
    const name = machine.Properties.StateMachineName;
    const all = policyDocuments(json).flatMap(({ resource, document }) =>
      statements(document).map((statement) => ({ resource, statement })),
    );
    const invoke = all.filter(({ statement }) =>
      [statement.Action].flat().includes('lambda:InvokeFunction'),
    );
    assert.equal(invoke.length, 1);
    const start = all.filter(({ statement }) =>
      [statement.Action].flat().includes('states:StartExecution'),
    );
    assert.ok(start.length >= 1);
    for (const { statement } of start) {
      assert.match(JSON.stringify(statement.Resource), new RegExp(`stateMachine:${name}`));
    }
    const env = byType('AWS::Lambda::Function').find(([id]) => id.startsWith('ApiFunction'))?.[1];
    assert.match(
      JSON.stringify(env?.Properties.Environment.Variables.BULK_STATE_MACHINE_ARN),
      new RegExp(name),
    );
    assert.ok(env?.Properties.Environment.Variables.JOBS_TABLE_NAME);
  });

  it('passes cdk-nag AwsSolutions with the state machine in it', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const findings = report.violations.map((v) => ({
      rule: v.ruleName,
      at: v.violatingResources.map((r) => (r as { constructPath?: string }).constructPath ?? ''),
    }));
    assert.deepEqual(findings, []);
  });
});
