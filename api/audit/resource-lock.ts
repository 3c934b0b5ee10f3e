import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Target } from '../actions/define.js';
import { AuditUnavailableError } from './audit-errors.js';
import { releaseOwned } from './release-owned.js';

export interface LockHolder {
  remediationId: string;
  operation: string;
  requesterName: string;
  acquiredAt: string;
}

export type LockResult =
  | {
      acquired: true;
      release(): Promise<void>;
      /** Extends the lease; false when another request holds the resource now. */
      renew(): Promise<boolean>;
    }
  | { acquired: false; holder: LockHolder | undefined };

const POLL_MS = 100;

/**
 * One request at a time per resource (account, region, resource). A lock is an item put only
 * when absent or expired; the lease frees a resource whose holder crashed. Chat assistants resend
 * forms without a key, so this is what keeps a double-click from interleaving two runs' steps.
 */
export class ResourceLocks {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly leaseSeconds: number,
  ) {}

  /** Tries until `waitMs` has passed; then reports who holds the resource. */
  async acquire(
    target: Target,
    holder: Omit<LockHolder, 'acquiredAt'>,
    waitMs: number,
  ): Promise<LockResult> {
    const key = lockKey(target);
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.tryPut(key, holder)) {
        return {
          acquired: true,
          release: () => this.release(key, holder.remediationId),
          renew: () => this.renew(key, holder.remediationId),
        };
      }
      if (Date.now() >= deadline) return { acquired: false, holder: await this.holder(key) };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * (0.5 + Math.random())));
    }
  }

  private async tryPut(key: string, holder: Omit<LockHolder, 'acquiredAt'>): Promise<boolean> {
    const now = Math.floor(Date.now() / 1000);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: key },
            remediationId: { S: holder.remediationId },
            operation: { S: holder.operation },
            requesterName: { S: holder.requesterName },
            acquiredAt: { S: new Date().toISOString() },
            expiresAt: { N: String(now + this.leaseSeconds) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new AuditUnavailableError('lock the resource against concurrent changes', error);
    }
  }

  private async renew(key: string, remediationId: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key } },
          UpdateExpression: 'SET expiresAt = :until',
          ConditionExpression: 'remediationId = :id',
          ExpressionAttributeValues: {
            ':until': { N: String(Math.floor(Date.now() / 1000) + this.leaseSeconds) },
            ':id': { S: remediationId },
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async holder(key: string): Promise<LockHolder | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key } },
          ConsistentRead: true,
        }),
      );
      // The item is what tryPut wrote; DynamoDB hands it back untyped.
      return Item ? (unmarshall(Item) as LockHolder) : undefined;
    } catch {
      return undefined;
    }
  }

  private async release(key: string, remediationId: string): Promise<void> {
    await releaseOwned(this.client, this.tableName, key, remediationId);
  }
}

export function lockKey(target: Target): string {
  return [
    'lock',
    target.accountId,
    target.region ?? 'global',
    target.resourceType,
    // IAM names are unique regardless of case, so Alice and alice must share one lock.
    target.resourceType.startsWith('IAM') ? target.resourceId.toLowerCase() : target.resourceId,
  ].join('#');
}
