import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AuditUnavailableError } from './audit-errors.js';

export interface UndoMark {
  undoRemediationId: string;
  state: 'in_progress' | 'done';
  at: string;
}

/**
 * Remembers that a remediation was undone, so undo refuses to run twice. Read and claimed while
 * holding the resource lock, so two undos of the same remediation cannot both pass the check.
 * Kept without expiry: an undo stays undone.
 */
export class UndoMarkers {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async get(remediationId: string): Promise<UndoMark | undefined> {
    try {
      const { Item } = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key(remediationId) } },
          ConsistentRead: true,
        }),
      );
      // The item is what claim wrote; DynamoDB hands it back untyped.
      return Item ? (unmarshall(Item) as UndoMark) : undefined;
    } catch (error) {
      throw new AuditUnavailableError('be read to check for an earlier undo', error);
    }
  }

  /** False when a completed undo already exists. An unfinished one (its run crashed) is taken over. */
  async claim(remediationId: string, undoRemediationId: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: key(remediationId) },
            undoRemediationId: { S: undoRemediationId },
            state: { S: 'in_progress' },
            at: { S: new Date().toISOString() },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #state <> :done',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':done': { S: 'done' } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new AuditUnavailableError('record the undo before running it', error);
    }
  }

  /** Done when the undo made its changes; otherwise the claim is dropped so it can be retried. */
  async finish(remediationId: string, undoRemediationId: string, done: boolean): Promise<void> {
    const Key = { pk: { S: key(remediationId) } };
    const owned = {
      ConditionExpression: 'undoRemediationId = :id',
      ExpressionAttributeValues: { ':id': { S: undoRemediationId } },
    };
    if (done) {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression: 'SET #state = :done, #at = :at',
          ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
          ...owned,
          ExpressionAttributeValues: {
            ...owned.ExpressionAttributeValues,
            ':done': { S: 'done' },
            ':at': { S: new Date().toISOString() },
          },
        }),
      );
    } else {
      await this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key, ...owned }));
    }
  }
}

const key = (remediationId: string) => `undo#${remediationId}`;
