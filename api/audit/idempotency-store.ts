import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AuditUnavailableError } from './audit-errors.js';
import { releaseOwned } from './release-owned.js';

export type IdempotencyClaim =
  /** The key is new: run the request, then `complete` or `release`. */
  | { kind: 'claimed' }
  /** The same request ran before: answer with its recorded result. */
  | { kind: 'replay'; remediationId: string; response: unknown }
  | { kind: 'mismatch'; remediationId: string }
  /** Another request holds the key; `leaseExpired` once it stopped renewing its claim. */
  | { kind: 'in_progress'; remediationId: string; leaseExpired: boolean };

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
    /** How long a claim holds without renewal; a run renews it while it lasts. */
    private readonly leaseSeconds: number,
  ) {}

  async claim(
    scope: string,
    requestHash: string,
    remediationId: string,
  ): Promise<IdempotencyClaim> {
    const now = nowSeconds();
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
            leaseUntil: { N: String(now + this.leaseSeconds) },
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
      stored = Item ? unmarshall(Item) : undefined;
    } catch (error) {
      throw new AuditUnavailableError('check the Idempotency-Key', error);
    }
    // Released between our put and our read: the key is free again, so let the caller retry.
    if (!stored) return { kind: 'in_progress', remediationId: 'unknown', leaseExpired: false };
    const remediationId = String(stored.remediationId);
    if (stored.requestHash !== requestHash) return { kind: 'mismatch', remediationId };
    if (stored.state !== 'done') {
      // Claims written before leases existed have none: they count as expired.
      const leaseUntil = Number(stored.leaseUntil ?? 0);
      return { kind: 'in_progress', remediationId, leaseExpired: leaseUntil < nowSeconds() };
    }
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

  /** Extends the claim's lease; false when the key is no longer this remediation's. */
  async renew(scope: string, remediationId: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: scope } },
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: 'remediationId = :id AND #state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':until': { N: String(nowSeconds() + this.leaseSeconds) },
            ':id': { S: remediationId },
            ':running': { S: 'in_progress' },
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Claims a key whose holder stopped renewing it (its run was cut short) for a new run of the
   * same request; false when another retry took it first or the holder came back.
   */
  async takeOver(scope: string, staleId: string, remediationId: string): Promise<boolean> {
    const now = nowSeconds();
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: scope } },
          UpdateExpression: 'SET remediationId = :new, leaseUntil = :until',
          ConditionExpression:
            'remediationId = :stale AND #state = :running AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':new': { S: remediationId },
            ':stale': { S: staleId },
            ':running': { S: 'in_progress' },
            ':until': { N: String(now + this.leaseSeconds) },
            ':now': { N: String(now) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new AuditUnavailableError('check the Idempotency-Key', error);
    }
  }

  /**
   * Frees the key when nothing ran (for example the audit trail was down), so a retry runs. If it
   * cannot, the key expires with its TTL and a retry meanwhile is told it is in progress.
   */
  async release(scope: string, remediationId: string): Promise<void> {
    await releaseOwned(this.client, this.tableName, scope, remediationId);
  }
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
