import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AuditUnavailableError } from '../audit/audit-errors.js';
import type { BulkJob, BulkTarget, JobStatus, Lane } from './job.js';

/** Jobs and their targets are kept this long; what each target did stays in the audit trail. */
const KEEP_DAYS = 30;
/** DynamoDB's BatchWriteItem takes at most 25 items. */
const BATCH = 25;

const JOB_ITEM = 'job';
const targetItem = (target: Pick<BulkTarget, 'accountId' | 'region' | 'index'>) =>
  `target#${laneKey(target)}#${String(target.index).padStart(6, '0')}`;
const laneKey = (lane: Lane) => `${lane.accountId}#${lane.region}`;

/**
 * The jobs table (api/audit/table-design.ts, jobsTableDesign): the state getBulkRemediation reads
 * and a resumed job continues from. Storage only; what a target did is decided by the pipeline.
 */
export class JobStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Writes the targets first, then the job: a job that exists always has all its targets. */
  async create(job: BulkJob, targets: BulkTarget[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + KEEP_DAYS * 86_400;
    await this.guard('record the job', async () => {
      for (let i = 0; i < targets.length; i += BATCH) {
        let requests: WriteRequest[] = targets.slice(i, i + BATCH).map((target) => ({
          PutRequest: {
            Item: marshall(
              { ...target, item: targetItem(target), expiresAt },
              { removeUndefinedValues: true },
            ),
          },
        }));
        // Unprocessed items are DynamoDB's way of throttling a batch: send them again, slower.
        for (let round = 0; requests.length > 0; round++) {
          if (round > 0) await sleep(Math.min(1000, 50 * 2 ** round));
          const answer = await this.client.send(
            new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }),
          );
          requests = answer.UnprocessedItems?.[this.tableName] ?? [];
        }
      }
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...job, item: JOB_ITEM, expiresAt }, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(jobId)',
        }),
      );
    });
  }

  async job(jobId: string): Promise<BulkJob | undefined> {
    return this.guard('read the job', async () => {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall({ jobId, item: JOB_ITEM }),
          ConsistentRead: true,
        }),
      );
      return Item ? withoutKeys<BulkJob>(Item) : undefined;
    });
  }

  /** Every target of the job, in index order. */
  targets(jobId: string): Promise<BulkTarget[]> {
    return this.query(jobId, 'target#').then((items) => items.sort((a, b) => a.index - b.index));
  }

  /** The targets in one account and Region. */
  laneTargets(jobId: string, lane: Lane): Promise<BulkTarget[]> {
    return this.query(jobId, `target#${laneKey(lane)}#`);
  }

  async updateTarget(
    target: BulkTarget,
    change: Partial<
      Pick<BulkTarget, 'status' | 'attempt' | 'outcome' | 'summary' | 'remediationId'>
    >,
  ): Promise<BulkTarget> {
    const updated: BulkTarget = { ...target, ...change, updatedAt: new Date().toISOString() };
    const fields = Object.entries({ ...change, updatedAt: updated.updatedAt }).filter(
      ([, value]) => value !== undefined,
    );
    await this.guard('record a target', () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ jobId: target.jobId, item: targetItem(target) }),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
          ExpressionAttributeValues: marshall(
            Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])),
          ),
        }),
      ),
    );
    return updated;
  }

  /**
   * Moves the job to `status` when it is in one of `from`; false when it was not (another run or a
   * cancel got there first).
   */
  async setStatus(
    jobId: string,
    status: JobStatus,
    from: JobStatus[],
    extra: Partial<Pick<BulkJob, 'finishedAt' | 'cancelledBy' | 'cancelReason'>> = {},
  ): Promise<boolean> {
    const fields: Record<string, unknown> = { status, ...extra };
    const names = Object.keys(fields);
    try {
      await this.guard('record the job', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall({ jobId, item: JOB_ITEM }),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
            ConditionExpression: `#f0 IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
            ExpressionAttributeValues: marshall({
              ...Object.fromEntries(names.map((name, i) => [`:v${i}`, fields[name]])),
              ...Object.fromEntries(from.map((value, i) => [`:from${i}`, value])),
            }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (
        error instanceof AuditUnavailableError &&
        error.cause instanceof ConditionalCheckFailedException
      )
        return false;
      throw error;
    }
  }

  /** Records that an engine (re)started the job, with its handle on that run. */
  async recordRun(jobId: string, executionId: string): Promise<void> {
    await this.guard('record the job', () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall({ jobId, item: JOB_ITEM }),
          UpdateExpression: 'SET executionId = :id ADD runs :one',
          ExpressionAttributeValues: marshall({ ':id': executionId, ':one': 1 }),
        }),
      ),
    );
  }

  /** Jobs still running or cancelling, to resume when a process starts. */
  async unfinishedJobs(): Promise<BulkJob[]> {
    return this.guard('read the jobs', async () => {
      const jobs: BulkJob[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: '#item = :job AND #status IN (:running, :cancelling)',
            ExpressionAttributeNames: { '#item': 'item', '#status': 'status' },
            ExpressionAttributeValues: marshall({
              ':job': JOB_ITEM,
              ':running': 'running',
              ':cancelling': 'cancelling',
            }),
            ...(start ? { ExclusiveStartKey: marshall(start) } : {}),
          }),
        );
        jobs.push(...(page.Items ?? []).map((item) => withoutKeys<BulkJob>(item)));
        start = page.LastEvaluatedKey ? unmarshall(page.LastEvaluatedKey) : undefined;
      } while (start);
      return jobs;
    });
  }

  private query(jobId: string, prefix: string): Promise<BulkTarget[]> {
    return this.guard('read the targets', async () => {
      const targets: BulkTarget[] = [];
      let start: QueryCommand['input']['ExclusiveStartKey'];
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            // ITEM is one of DynamoDB's reserved words.
            KeyConditionExpression: 'jobId = :job AND begins_with(#item, :prefix)',
            ExpressionAttributeNames: { '#item': 'item' },
            ExpressionAttributeValues: marshall({ ':job': jobId, ':prefix': prefix }),
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        targets.push(...(page.Items ?? []).map((item) => withoutKeys<BulkTarget>(item)));
        start = page.LastEvaluatedKey;
      } while (start);
      return targets;
    });
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new AuditUnavailableError(what, error);
    }
  }
}

/** The stored item without the table's own attributes; DynamoDB hands it back untyped. */
function withoutKeys<T>(item: Parameters<typeof unmarshall>[0]): T {
  const { item: _item, expiresAt: _expiresAt, ...rest } = unmarshall(item);
  return rest as T;
}
