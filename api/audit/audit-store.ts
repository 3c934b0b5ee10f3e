import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { JobStore } from '../bulk/job-store.js';
import type { Config } from '../config.js';
import { IdempotencyStore } from './idempotency-store.js';
import type { RemediationView } from './remediation-view.js';
import { ResourceLocks } from './resource-lock.js';
import { type ListFilters, type ListPage, TrailReader } from './trail-reader.js';
import { type VerifyReport, verifyTrail } from './trail-verifier.js';
import { TrailWriter } from './trail-writer.js';
import { UndoMarkers } from './undo-marker.js';

/**
 * Everything the request path and the auditors need from DynamoDB, over one client. The endpoint
 * comes from the SDK's own variables (AWS_ENDPOINT_URL_DYNAMODB locally, nothing in AWS).
 */
export class AuditStore {
  readonly trail: TrailWriter;
  readonly reader: TrailReader;
  readonly idempotency: IdempotencyStore;
  readonly locks: ResourceLocks;
  readonly undoMarkers: UndoMarkers;
  /** Bulk remediation jobs (api/bulk/): their targets' state, not a record of what was done. */
  readonly jobs: JobStore;

  constructor(
    readonly config: Config,
    readonly client: DynamoDBClient = createDynamoClient(config),
  ) {
    const { tableName, requestsTableName, lockLeaseSeconds, idempotencyHours } = config.audit;
    this.trail = new TrailWriter(client, tableName);
    this.reader = new TrailReader(client, tableName);
    this.idempotency = new IdempotencyStore(
      client,
      requestsTableName,
      idempotencyHours,
      lockLeaseSeconds,
    );
    this.locks = new ResourceLocks(client, requestsTableName, lockLeaseSeconds);
    this.undoMarkers = new UndoMarkers(client, requestsTableName);
    this.jobs = new JobStore(client, config.audit.jobsTableName);
  }

  /** The merged record, with who undid it when it was undone. */
  async remediation(remediationId: string): Promise<RemediationView | undefined> {
    const view = await this.reader.remediation(remediationId);
    if (!view) return undefined;
    const mark = await this.undoMarkers.get(remediationId);
    if (mark?.state === 'done') view.undo = { ...view.undo, undoneBy: mark.undoRemediationId };
    return view;
  }

  list(filters: ListFilters, limit: number, nextToken?: string): Promise<ListPage> {
    return this.reader.list(filters, limit, nextToken);
  }

  /** The whole trail, or one account's chains (and the index that anchors them). */
  verify(only: { accountId?: string } = {}): Promise<VerifyReport> {
    return verifyTrail(this.client, this.config.audit.tableName, only);
  }

  close(): void {
    this.client.destroy();
  }
}

/**
 * Fails fast when DynamoDB is unreachable: a write request waits on this before any AWS call.
 * `endpoint` is for tests that run several local tables in one process; the service leaves it to
 * the SDK (AWS_ENDPOINT_URL_DYNAMODB).
 */
export function createDynamoClient(config: Config, endpoint?: string): DynamoDBClient {
  return new DynamoDBClient({
    region: config.homeRegion,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
    ...(endpoint ? { endpoint } : {}),
  });
}
