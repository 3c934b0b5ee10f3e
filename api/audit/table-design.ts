/**
 * The three DynamoDB tables, declared once. The local starter creates them from these definitions
 * and the CDK stack imports them, so the key design is never restated.
 *
 * Audit trail (append-only, hash-chained, point-in-time recovery on, kept at least a year: LOG-02):
 *   PK `chain` = "trail#<account>#<Region>" (#global for IAM, "trail#other" for requests refused
 *   before reaching a place this API may act in), SK `seq` = 1, 2, 3 ... (chain-names.ts): a
 *   partition gives its chain a total order, and a conditional put on `seq` stops two writers
 *   from forking it, while writers in different places (a bulk job's lanes, one Lambda each)
 *   contend only when a chain opens and at its checkpoints, in the index. "trail-index" is the chain of chain heads; "head#<chain>"
 *   items remember each chain's newest entry; "trail" is the single chain written before the
 *   split, still verified. Intent entries carry flat attributes the list indexes use; completion
 *   entries do not, so each listing index holds one item per remediation (sparse indexes).
 *
 * Requests (short-lived coordination, TTL on `expiresAt`):
 *   PK `pk` = "lock#<account>#<region>#<type>#<id>" | "idempotency#<client>#<sub>#<key>" | "undo#<id>".
 */

export interface AttributeDefinition {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDesign {
  indexName: string;
  partitionKey: AttributeDefinition;
  sortKey: AttributeDefinition;
}

export interface TableDesign {
  /** Short id for constructs and log lines. */
  id: 'audit' | 'requests' | 'jobs';
  partitionKey: AttributeDefinition;
  sortKey?: AttributeDefinition;
  globalSecondaryIndexes: IndexDesign[];
  /** Attribute holding an epoch-seconds expiry, when the table uses TTL. */
  timeToLiveAttribute?: string;
  pointInTimeRecovery: boolean;
  /** What an operator reads in the console and the README. */
  description: string;
}

const recordedAt: AttributeDefinition = { name: 'recordedAt', type: 'S' };

/** Listing indexes, most selective first: a listing uses the first one its filters name. */
export const LIST_INDEXES = {
  ticket: {
    indexName: 'byTicket',
    partitionKey: { name: 'ticket', type: 'S' },
    sortKey: recordedAt,
  },
  requester: {
    indexName: 'byRequester',
    partitionKey: { name: 'requesterName', type: 'S' },
    sortKey: recordedAt,
  },
  accountId: {
    indexName: 'byAccount',
    partitionKey: { name: 'accountId', type: 'S' },
    sortKey: recordedAt,
  },
  operation: {
    indexName: 'byOperation',
    partitionKey: { name: 'operation', type: 'S' },
    sortKey: recordedAt,
  },
  /** Every intent: `recordType` is "intent" on intents only. */
  all: {
    indexName: 'byTime',
    partitionKey: { name: 'recordType', type: 'S' },
    sortKey: recordedAt,
  },
} as const satisfies Record<string, IndexDesign>;

export const BY_REMEDIATION: IndexDesign = {
  indexName: 'byRemediation',
  partitionKey: { name: 'remediationId', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
};

export const auditTableDesign: TableDesign = {
  id: 'audit',
  partitionKey: { name: 'chain', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
  globalSecondaryIndexes: [BY_REMEDIATION, ...Object.values(LIST_INDEXES)],
  pointInTimeRecovery: true,
  description:
    'Append-only, hash-chained audit trail of every remediation request (intent before the first AWS call, completion after).',
};

export const requestsTableDesign: TableDesign = {
  id: 'requests',
  partitionKey: { name: 'pk', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiresAt',
  pointInTimeRecovery: true,
  description:
    'Idempotency keys (24 hours), per-resource locks (seconds) and undo markers; items expire through TTL.',
};

/**
 * Bulk remediation jobs (api/bulk/): PK `jobId`, SK `item` = "job" for the job itself and
 * "target#<account>#<region>#<index>" for each target, so one Query reads a job and a
 * `begins_with` reads one account and Region's targets (a lane). Kept 30 days through TTL; each
 * target's own record of what happened is in the audit trail, for as long as the trail is kept.
 */
export const jobsTableDesign: TableDesign = {
  id: 'jobs',
  partitionKey: { name: 'jobId', type: 'S' },
  sortKey: { name: 'item', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiresAt',
  pointInTimeRecovery: true,
  description:
    'Bulk remediation jobs and the state of each of their targets (pending, done, refused, failed); items expire through TTL.',
};

/** The CreateTable request for a design (local dynalite; the CDK stack builds its own from the design). */
export function createTableInput(design: TableDesign, tableName: string) {
  const attributes = new Map<string, AttributeDefinition>();
  const remember = (definition: AttributeDefinition | undefined) => {
    if (definition) attributes.set(definition.name, definition);
  };
  remember(design.partitionKey);
  remember(design.sortKey);
  for (const index of design.globalSecondaryIndexes) {
    remember(index.partitionKey);
    remember(index.sortKey);
  }
  const keySchema = (partition: AttributeDefinition, sort?: AttributeDefinition) => [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: keySchema(design.partitionKey, design.sortKey),
    ...(design.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
