import { Aws, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_HANDLER } from './lambda-bundle.js';

export interface ApiFunctionProps {
  /** Folder built by `bundleLambda` (api/lambda.ts, esbuild, no Docker). */
  codeDir: string;
  roleName: string;
  remediationRoleName: string;
  allowedAccounts: string[];
  /** The audit trail: read and appended to (and its head item updated), never deleted from. */
  auditTable: dynamodb.ITable;
  /** Idempotency keys, locks and undo markers. */
  requestsTable: dynamodb.ITable;
}

/**
 * The calls api/audit makes on each table. Scan: verifyAuditTrail reads the audit table's keys
 * to find chains the index of chains no longer names.
 */
const AUDIT_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];
const REQUESTS_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

/**
 * The service on Lambda (Node 22, arm64). Its role can write its own logs, use its own tables,
 * and assume the remediation role in the allowed accounts, naming the requester; nothing else.
 */
export class ApiFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  /** Where the service's log lines, and so its EMF metrics, land. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      // Fixed, because member accounts trust it by name (see the member stack).
      roleName: props.roleName,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Security Remediation API function.',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeRemediationRoleNamingTheRequester',
        actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        resources: props.allowedAccounts.map(
          (account) => `arn:${Aws.PARTITION}:iam::${account}:role/${props.remediationRoleName}`,
        ),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AuditTrail',
        actions: AUDIT_TABLE_ACTIONS,
        resources: [props.auditTable.tableArn, `${props.auditTable.tableArn}/index/*`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Requests',
        actions: REQUESTS_TABLE_ACTIONS,
        resources: [props.requestsTable.tableArn],
      }),
    );

    // remediateFinding reads a finding and writes its outcome back in this account, the
    // organisation's Security Hub delegated administrator; member roles never touch Security Hub.
    // BatchUpdateFindingsV2 is authorized by securityhub:BatchUpdateFindings (API reference).
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SecurityHubFindings',
        actions: [
          'securityhub:GetFindings',
          'securityhub:GetFindingsV2',
          'securityhub:BatchUpdateFindings',
        ],
        resources: [`arn:${Aws.PARTITION}:securityhub:${Aws.REGION}:${Aws.ACCOUNT_ID}:hub/default`],
      }),
    );

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup = logGroup;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    this.fn = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: LAMBDA_HANDLER,
      code: lambda.Code.fromAsset(props.codeDir),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      memorySize: 1024,
      // API Gateway gives up after 29 s.
      timeout: Duration.seconds(29),
      description: 'Security Remediation API (api/lambda.ts)',
    });
    const auditIndexes = `Resource::<${Stack.of(this).getLogicalId(props.auditTable.node.defaultChild as CfnElement)}.Arn>/index/*`;
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[${auditIndexes}]`,
      reason:
        'Queries on the listing indexes of the function’s own audit table (by ticket, requester, account...).',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to Node.js 22, the runtime the service is built and benchmarked for; moving to a newer runtime is a deliberate, tested change.',
    });
  }
}
