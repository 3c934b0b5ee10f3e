import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AUDIT_FAILURE_MESSAGES } from '../../api/observability/audit-failure-messages.js';
import {
  AUDIT_WRITE_FAILURES_METRIC,
  METRIC_NAMESPACE,
  OUTCOMES_METRIC,
} from '../../api/observability/metric-names.js';

export interface ServiceAlarmsProps {
  /** The function's log group: the EMF lines and the audit failure messages land there. */
  logGroup: logs.ILogGroup;
  /** Subscribed to the alarm topic when given; otherwise subscribe after deploying. */
  email?: string;
}

/**
 * Alarms an operator must hear about: a remediation that failed or stopped halfway (the
 * resource may be left half-changed until someone reruns it), and the audit trail refusing a
 * record (the service then fails closed, or a change happened that the trail does not show).
 * One breach in five minutes is enough: each is a security incident's remediation, not traffic.
 */
export class ServiceAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    // A key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key,
    // whose policy cannot grant it.
    const key = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the Security Remediation API alarm topic.',
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Security Remediation API alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    new logs.MetricFilter(this, 'AuditWriteFailuresFilter', {
      logGroup: props.logGroup,
      filterPattern: logs.FilterPattern.any(
        ...AUDIT_FAILURE_MESSAGES.map((message) =>
          logs.FilterPattern.stringValue('$.msg', '=', message),
        ),
      ),
      metricNamespace: METRIC_NAMESPACE,
      metricName: AUDIT_WRITE_FAILURES_METRIC,
      metricValue: '1',
    });

    const outcome = (value: string) =>
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName: OUTCOMES_METRIC,
        dimensionsMap: { outcome: value },
        statistic: 'Sum',
        period: Duration.minutes(5),
      });
    const auditFailures = new cloudwatch.Metric({
      namespace: METRIC_NAMESPACE,
      metricName: AUDIT_WRITE_FAILURES_METRIC,
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    this.alarms = [
      this.alarm('Failed', outcome('failed'), 'A remediation answered failed.'),
      this.alarm(
        'PartiallyRemediated',
        outcome('partially_remediated'),
        'A remediation stopped halfway; the same request run again finishes it.',
      ),
      this.alarm(
        'AuditWriteFailures',
        auditFailures,
        'The audit trail refused a record: requests fail closed, or a result is only in the log.',
      ),
    ];
  }

  private alarm(id: string, metric: cloudwatch.Metric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No line, no event: the metrics exist only when something happens.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    return alarm;
  }
}
