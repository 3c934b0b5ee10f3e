import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Template } from 'aws-cdk-lib/assertions';
import { AUDIT_FAILURE_MESSAGES } from '../../../api/observability/audit-failure-messages.js';
import { securityStack } from './stacks.js';

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON; the assertions read it as such.
type Json = Record<string, any>;

let json: Json;
const resources = (type: string): [string, Json][] =>
  Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);

before(() => {
  json = Template.fromStack(securityStack({ alarmEmail: 'soc@example.com' })).toJSON();
});

describe('security account stack: alarms', () => {
  it('alarms on failed and partially_remediated outcomes, from the EMF metric', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const onOutcome = (outcome: string) =>
      alarms.find(
        (a) =>
          a.Namespace === 'SecurityRemediationApi' &&
          a.MetricName === 'Outcomes' &&
          a.Dimensions?.[0]?.Name === 'outcome' &&
          a.Dimensions[0].Value === outcome,
      );
    for (const outcome of ['failed', 'partially_remediated']) {
      const alarm = onOutcome(outcome);
      assert.ok(alarm, outcome);
      assert.equal(alarm.Statistic, 'Sum');
      assert.equal(alarm.Threshold, 1);
      assert.equal(alarm.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
      assert.equal(alarm.TreatMissingData, 'notBreaching');
    }
  });

  it('counts audit write failures from the log lines, and alarms on them', () => {
    const [[, filter]] = resources('AWS::Logs::MetricFilter') as [[string, Json]];
    const [[logGroupId]] = resources('AWS::Logs::LogGroup') as [[string, Json]];
    assert.equal(filter.Properties.LogGroupName.Ref, logGroupId);
    for (const message of AUDIT_FAILURE_MESSAGES) {
      assert.ok(filter.Properties.FilterPattern.includes(`$.msg = "${message}"`), message);
    }
    assert.deepEqual(filter.Properties.MetricTransformations, [
      {
        MetricNamespace: 'SecurityRemediationApi',
        MetricName: 'AuditWriteFailures',
        MetricValue: '1',
      },
    ]);
    assert.ok(
      resources('AWS::CloudWatch::Alarm').some(
        ([, a]) => a.Properties.MetricName === 'AuditWriteFailures',
      ),
    );
  });

  it('sends every alarm and its recovery to one encrypted topic, with the email subscribed', () => {
    const [[topicId, topic]] = resources('AWS::SNS::Topic') as [[string, Json]];
    assert.ok(topic.Properties.KmsMasterKeyId);
    const alarms = resources('AWS::CloudWatch::Alarm');
    assert.equal(alarms.length, 3);
    for (const [id, alarm] of alarms) {
      assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topicId }], id);
      assert.deepEqual(alarm.Properties.OKActions, [{ Ref: topicId }], id);
    }
    const [[, subscription]] = resources('AWS::SNS::Subscription') as [[string, Json]];
    assert.equal(subscription.Properties.Protocol, 'email');
    assert.equal(subscription.Properties.Endpoint, 'soc@example.com');
  });
});
