import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AuditUnavailableError } from './audit-errors.js';
import { headPointerOf } from './chain-names.js';
import { GENESIS_HASH, seal } from './hash-chain.js';

export interface Appended {
  chain: string;
  seq: number;
  hash: string;
}

interface Head {
  seq: number;
  hash: string;
}

/** Concurrent writers race for the next sequence number; the losers re-read and try again. */
const MAX_ATTEMPTS = 60;

/**
 * Appends entries to one hash chain. Each put is conditional on its sequence number being free,
 * so two writers can never both claim entry N and fork the chain: one wins, the other re-reads
 * the head and links to the winner.
 */
export class ChainAppender {
  /** The newest entry this process knows of; a stale guess only costs a retry. */
  private head: Head | undefined;
  /**
   * This process's appends, one after another. Racing each other for the next sequence number,
   * concurrent requests of one process spent most of their attempts losing to themselves and ran
   * out of them; queued, each append costs one put plus the retries other processes cause.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    readonly chain: string,
    /** Runs before the chain's first entry is put, and must succeed for it to be put. */
    private readonly beforeFirstEntry: () => Promise<void> = async () => undefined,
  ) {}

  async append(content: object): Promise<Appended> {
    const appended = this.queue.then(() => this.appendNow(content));
    this.queue = appended.catch(() => undefined);
    const head = await appended;
    // Outside the queue: the pointer only moves forward, so the next append need not wait for it.
    await this.advanceHeadPointer(head);
    return { chain: this.chain, ...head };
  }

  private async appendNow(content: object): Promise<Head> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = this.head ?? (await this.readHead());
      if (head.seq === 0) await this.beforeFirstEntry();
      const entry = seal({ ...content, chain: this.chain, seq: head.seq + 1, prevHash: head.hash });
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall(entry, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_not_exists(#seq)',
            ExpressionAttributeNames: { '#seq': 'seq' },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw new AuditUnavailableError('be written', error);
        }
        this.head = undefined;
        await pause(attempt);
        continue;
      }
      this.head = { seq: entry.seq, hash: entry.hash };
      return { ...this.head };
    }
    throw new AuditUnavailableError('be written: too many requests were recording at once');
  }

  /** The newest entry, read strongly consistently so a retry sees the winner's write. */
  private async readHead(): Promise<Head> {
    try {
      const { Items } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#chain = :chain',
          ExpressionAttributeNames: { '#chain': 'chain' },
          ExpressionAttributeValues: { ':chain': { S: this.chain } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const newest = Items?.[0] ? unmarshall(Items[0]) : undefined;
      return newest
        ? { seq: Number(newest.seq), hash: String(newest.hash) }
        : { seq: 0, hash: GENESIS_HASH };
    } catch (error) {
      throw new AuditUnavailableError('be read', error);
    }
  }

  /** It may lag by an entry when two writers finish together; it never moves backwards. */
  private async advanceHeadPointer(head: Head): Promise<void> {
    const pointer = headPointerOf(this.chain);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { chain: { S: pointer.chain }, seq: { N: String(pointer.seq) } },
          UpdateExpression: 'SET headSeq = :seq, headHash = :hash',
          ConditionExpression: 'attribute_not_exists(headSeq) OR headSeq < :seq',
          ExpressionAttributeValues: { ':seq': { N: String(head.seq) }, ':hash': { S: head.hash } },
        }),
      );
    } catch {
      // A newer writer already moved it, or the update failed; the entry itself is safely stored.
    }
  }
}

function pause(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 + attempt * 2) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
