import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { InputError } from '../errors.js';
import { AuditUnavailableError } from './audit-errors.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { CompletionRecord, IntentRecord } from './record.js';
import { mergeEntries, type RemediationView } from './remediation-view.js';
import { BY_REMEDIATION, LIST_INDEXES } from './table-design.js';

export interface ListFilters {
  ticket?: string;
  requester?: string;
  accountId?: string;
  operation?: string;
  /** ISO date-times; inclusive. */
  from?: string;
  to?: string;
  includeDryRuns?: boolean;
}

export interface ListPage {
  remediations: RemediationView[];
  nextToken?: string;
}

/** Most selective first: a listing walks the index of the first filter it names. */
const FILTER_INDEXES = [
  ['ticket', LIST_INDEXES.ticket],
  ['requester', LIST_INDEXES.requester],
  ['accountId', LIST_INDEXES.accountId],
  ['operation', LIST_INDEXES.operation],
] as const;

/** Queries per page at most; a page may come back short, with a nextToken to continue. */
const MAX_QUERIES_PER_PAGE = 8;

export class TrailReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async remediation(remediationId: string): Promise<RemediationView | undefined> {
    const items = await this.query({
      TableName: this.tableName,
      IndexName: BY_REMEDIATION.indexName,
      KeyConditionExpression: '#id = :id',
      ExpressionAttributeNames: { '#id': BY_REMEDIATION.partitionKey.name },
      ExpressionAttributeValues: { ':id': { S: remediationId } },
    });
    return mergeEntries(items.items);
  }

  /** Newest first. Filters not served by the chosen index are applied as a filter expression. */
  async list(filters: ListFilters, limit: number, nextToken?: string): Promise<ListPage> {
    const from = filters.from ? isoTime('from', filters.from) : undefined;
    const to = filters.to ? isoTime('to', filters.to) : undefined;
    if (from && to && from > to) throw new InputError('"from" must not be later than "to".');
    const chosen = FILTER_INDEXES.find(([name]) => filters[name]);
    const index = chosen?.[1] ?? LIST_INDEXES.all;
    const names: Record<string, string> = { '#pk': index.partitionKey.name };
    // DynamoDB rejects expression names that no expression uses.
    if (from || to) names['#at'] = index.sortKey.name;
    const values: Record<string, AttributeValue> = {
      ':pk': { S: chosen ? String(filters[chosen[0]]) : 'intent' },
    };
    let keyCondition = '#pk = :pk';
    if (from) values[':from'] = { S: from };
    if (to) values[':to'] = { S: to };
    if (from && to) keyCondition += ' AND #at BETWEEN :from AND :to';
    else if (from) keyCondition += ' AND #at >= :from';
    else if (to) keyCondition += ' AND #at <= :to';
    const conditions: string[] = [];
    for (const [name, other] of FILTER_INDEXES) {
      if (name === chosen?.[0] || !filters[name]) continue;
      names[`#${name}`] = other.partitionKey.name;
      values[`:${name}`] = { S: String(filters[name]) };
      conditions.push(`#${name} = :${name}`);
    }
    if (!filters.includeDryRuns) {
      names['#dryRun'] = 'dryRun';
      values[':false'] = { BOOL: false };
      conditions.push('#dryRun = :false');
    }
    // The token is tied to the filters as given; false and absent mean the same here.
    const scope = { ...filters, includeDryRuns: Boolean(filters.includeDryRuns) };
    let start = nextToken ? decodePageToken(scope, nextToken) : undefined;
    const intents: IntentRecord[] = [];
    for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
      const page = await this.query({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: keyCondition,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        // Limit counts items read before the filter; asking for what is still missing means a
        // full page never reads past the last item it returns, so the resume key is exact.
        Limit: limit - intents.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      intents.push(...(page.items as IntentRecord[]));
      start = page.lastKey;
      if (!start || intents.length >= limit) break;
    }
    const remediations = await Promise.all(
      intents.map(async (intent) => (await this.remediation(intent.remediationId)) ?? solo(intent)),
    );
    return { remediations, ...(start ? { nextToken: encodePageToken(scope, start) } : {}) };
  }

  private async query(input: QueryCommandInput) {
    try {
      const page = await this.client.send(new QueryCommand(input));
      return {
        items: (page.Items ?? []).map((item) => unmarshall(item)) as Array<
          (IntentRecord | CompletionRecord) & { chain: string; seq: number }
        >,
        lastKey: page.LastEvaluatedKey,
      };
    } catch (error) {
      throw new AuditUnavailableError('be read', error);
    }
  }
}

/** An index can answer before the by-remediation index catches up; show the intent alone. */
function solo(intent: IntentRecord): RemediationView {
  return mergeEntries([intent as IntentRecord & { chain: string; seq: number }]) as RemediationView;
}

function isoTime(name: string, value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new InputError(`"${name}" must be a date and time such as 2025-06-16T13:00:00Z.`);
  }
  return time.toISOString();
}
