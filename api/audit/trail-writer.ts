import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Appended, ChainAppender } from './chain-appender.js';
import { accountChain, INDEX_CHAIN } from './chain-names.js';
import { CHECKPOINT_EVERY, type IndexEntry } from './index-entry.js';
import type { TrailRecord } from './record.js';

export type { Appended } from './chain-appender.js';

/**
 * Appends records to the trail: each to its account and Region's hash chain, so requests in
 * different places never wait for each other, and the chains' openings and heads to the index.
 */
export class TrailWriter {
  private readonly chains = new Map<string, ChainAppender>();
  private readonly index: ChainAppender;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.index = new ChainAppender(client, tableName, INDEX_CHAIN);
  }

  /**
   * `where` is the account and Region the request acts in, once the allow-list let it through
   * (undefined before: one shared chain, so no caller opens chains at will); a remediation's
   * intent and completion go to the same chain. Fails (AuditUnavailableError) when the record
   * could not be stored.
   */
  async append(
    record: TrailRecord,
    where: { accountId: string; region?: string } | undefined,
  ): Promise<Appended> {
    const appender = this.chainOf(accountChain(where?.accountId, where?.region));
    const appended = await appender.append(record);
    // Entry 1 too: a chain deleted whole, head pointer and all, still no longer matches the index.
    if (appended.seq === 1 || appended.seq % CHECKPOINT_EVERY === 0) {
      await this.checkpoint(appended);
    }
    return appended;
  }

  private chainOf(chain: string): ChainAppender {
    let appender = this.chains.get(chain);
    if (!appender) {
      // A chain the index does not name would go unverified: its opening is recorded first.
      const open = () => this.indexAppend({ kind: 'opened', of: chain, recordedAt: now() });
      appender = new ChainAppender(this.client, this.tableName, chain, open);
      this.chains.set(chain, appender);
    }
    return appender;
  }

  /** Only the writer of the entry checkpointed writes one, so the index stays quiet. */
  private async checkpoint(head: Appended): Promise<void> {
    await this.indexAppend({
      kind: 'checkpoint',
      of: head.chain,
      ofSeq: head.seq,
      ofHash: head.hash,
      recordedAt: now(),
    }).catch(() => {
      // The record is stored and its chain intact; this checkpoint only strengthens the proof,
      // and the next one covers this entry too.
    });
  }

  private async indexAppend(entry: IndexEntry): Promise<void> {
    await this.index.append(entry);
  }
}

const now = () => new Date().toISOString();
