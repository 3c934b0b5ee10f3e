import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  type AttributeDefinition,
  auditTableDesign,
  jobsTableDesign,
  requestsTableDesign,
  type TableDesign,
} from '../../api/audit/table-design.js';

/**
 * The audit trail and the requests table (idempotency keys, locks, undo markers), built from the
 * designs the service declares in api/audit/table-design.ts, so the keys are stated once.
 */
export class ServiceTables extends Construct {
  readonly audit: dynamodb.Table;
  readonly requests: dynamodb.Table;
  /** Bulk remediation jobs and their targets. */
  readonly jobs: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.audit = tableFrom(this, 'Audit', auditTableDesign);
    this.requests = tableFrom(this, 'Requests', requestsTableDesign);
    this.jobs = tableFrom(this, 'Jobs', jobsTableDesign);
  }
}

const attribute = (definition: AttributeDefinition): dynamodb.Attribute => ({
  name: definition.name,
  type: definition.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

function tableFrom(scope: Construct, id: string, design: TableDesign): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: attribute(design.partitionKey),
    ...(design.sortKey ? { sortKey: attribute(design.sortKey) } : {}),
    ...(design.timeToLiveAttribute ? { timeToLiveAttribute: design.timeToLiveAttribute } : {}),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    // Both tables get it whatever the design says: a lost idempotency record can repeat a change.
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of design.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
