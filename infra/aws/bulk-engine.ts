import { ArnFormat, Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { bulkStateMachineJson } from '../../api/bulk/state-machine.js';

export interface BulkEngineProps {
  /** The service's function: it starts jobs and, invoked by the state machine, runs their tasks. */
  fn: lambda.Function;
  role: iam.Role;
  jobsTable: dynamodb.ITable;
}

/** The calls api/bulk/job-store.ts makes on the jobs table. */
const JOBS_TABLE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

/**
 * The Step Functions state machine that runs bulk remediation jobs, from the same ASL the local
 * runner executes (api/bulk/state-machine.ts), with the service function substituted for its
 * task states. Its name is fixed so the function can be told its ARN without a reference cycle
 * (the definition already refers to the function).
 */
export class BulkEngine extends Construct {
  readonly stateMachine: sfn.CfnStateMachine;
  readonly stateMachineArn: string;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BulkEngineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = `${stack.stackName}-bulk-remediation`;
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${name}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Runs bulk remediation jobs: invokes the service function for each task.',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RunTasks',
        actions: ['lambda:InvokeFunction'],
        resources: [props.fn.functionArn],
      }),
    );
    // A Distributed Map runs each item as a child execution of this state machine.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DistributedMapChildren',
        actions: ['states:StartExecution'],
        resources: [this.stateMachineArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DistributedMapRuns',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [executions],
      }),
    );
    // Step Functions' log delivery is configured through CloudWatch Logs' account-level APIs,
    // which take no resource (Step Functions developer guide, "IAM policies for logging").
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'LogDelivery',
        actions: [
          'logs:CreateLogDelivery',
          'logs:GetLogDelivery',
          'logs:UpdateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:DescribeResourcePolicies',
          'logs:DescribeLogGroups',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Tracing',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    );

    this.stateMachine = new sfn.CfnStateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: 'STANDARD',
      roleArn: this.role.roleArn,
      definitionString: bulkStateMachineJson(),
      definitionSubstitutions: { BulkTaskFunctionArn: props.fn.functionArn },
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: false,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroup.logGroupArn } }],
      },
      tracingConfiguration: { enabled: true },
    });
    this.stateMachine.node.addDependency(this.role);

    // The service starts jobs and looks at their runs (a stopped run is resumed).
    props.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'StartBulkJobs',
        actions: ['states:StartExecution'],
        resources: [this.stateMachineArn],
      }),
    );
    props.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WatchBulkJobs',
        actions: ['states:DescribeExecution'],
        resources: [executions],
      }),
    );
    props.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'BulkJobs',
        actions: JOBS_TABLE_ACTIONS,
        resources: [props.jobsTable.tableArn],
      }),
    );

    const executionsFinding = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}*]`;
    Validations.of(this.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions log delivery and X-Ray take no resource (Step Functions developer guide).',
      },
      {
        id: executionsFinding,
        reason:
          'The state machine’s own executions: a Distributed Map starts, describes and stops its child runs, named after the state machine.',
      },
    );
    Validations.of(props.role).acknowledge({
      id: executionsFinding,
      reason: 'The executions of the bulk remediation state machine, whose names are the job ids.',
    });
  }
}
