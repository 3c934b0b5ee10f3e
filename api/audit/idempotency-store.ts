import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { fromItem } from './attribute-values.js';
import { AuditUnavailableError } from './audit-errors.js';
import { releaseOwned } from './release-owned.js';

export type IdempotencyClaim =
  /** The key is new: run the request, then `complete` or `release`. */
  | { kind: 'claimed' }
  /** The same request ran before: answer with its recorded result. */
  | { kind: 'replay'; remediationId: string; response: unknown }
  | { kind: 'mismatch'; remediationId: string }
  | { kind: 'in_progress'; remediationId: string };

/**
 * Idempotency keys, scoped to the caller (client and subject), so one caller's key never
 * replays another caller's result. The first request claims the key with a conditional put;
 * a repeat compares the request hash and replays the stored answer.
 */
export class IdempotencyStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly ttlHours: number,
  ) {}

  async claim(
    scope: string,
    requestHash: string,
    remediationId: string,
  ): Promise<IdempotencyClaim> {
    const now = Math.floor(Date.now() / 1000);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: scope },
            requestHash: { S: requestHash },
            remediationId: { S: remediationId },
            state: { S: 'in_progress' },
            createdAt: { S: new Date().toISOString() },
            expiresAt: { N: String(now + this.ttlHours * 3600) },
          },
          // TTL deletes expired items eventually; until then an expired key counts as free.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw new AuditUnavailableError('check the Idempotency-Key', error);
      }
    }
    return this.existing(scope, requestHash);
  }

  /** What a key holds now, judged against this request. */
  async existing(scope: string, requestHash: string): Promise<IdempotencyClaim> {
    let stored: Record<string, unknown> | undefined;
    try {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: scope } },
          ConsistentRead: true,
        }),
      );
      stored = Item ? fromItem(Item) : undefined;
    } catch (error) {
      throw new AuditUnavailableError('check the Idempotency-Key', error);
    }
    // Released between our put and our read: the key is free again, so let the caller retry.
    if (!stored) return { kind: 'in_progress', remediationId: 'unknown' };
    const remediationId = String(stored.remediationId);
    if (stored.requestHash !== requestHash) return { kind: 'mismatch', remediationId };
    if (stored.state !== 'done') return { kind: 'in_progress', remediationId };
    return { kind: 'replay', remediationId, response: JSON.parse(String(stored.response)) };
  }

  async complete(scope: string, remediationId: string, response: unknown): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: scope } },
        UpdateExpression: 'SET #state = :done, #response = :response',
        ConditionExpression: 'remediationId = :id',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: {
          ':done': { S: 'done' },
          ':response': { S: JSON.stringify(response) },
          ':id': { S: remediationId },
        },
      }),
    );
  }

  /**
   * Frees the key when nothing ran (for example the audit trail was down), so a retry runs. If it
   * cannot, the key expires with its TTL and a retry meanwhile is told it is in progress.
   */
  async release(scope: string, remediationId: string): Promise<void> {
    await releaseOwned(this.client, this.tableName, scope, remediationId);
  }
}
