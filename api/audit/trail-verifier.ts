import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AuditUnavailableError } from './audit-errors.js';
import { GENESIS_HASH, hashOf } from './hash-chain.js';
import { TRAIL_CHAIN, TRAIL_HEAD_CHAIN } from './table-design.js';

export type ProblemKind = 'altered' | 'missing' | 'relinked';

export interface ChainProblem {
  kind: ProblemKind;
  /** The sequence number of the first entry found wrong or missing. */
  seq: number;
  remediationId?: string;
  recordType?: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries read and checked. */
  checked: number;
  /** Sequence number and hash of the newest entry: note them to detect a rewrite later. */
  head?: { seq: number; hash: string };
  firstProblem?: ChainProblem;
  summary: string;
}

/**
 * Walks the chain from the first entry and reports the first one that was altered (its content
 * no longer matches its hash), is missing (a gap in the sequence, or entries gone from the end),
 * or was replaced wholesale with a freshly computed hash (its link to the predecessor breaks).
 */
export async function verifyTrail(
  client: DynamoDBClient,
  tableName: string,
): Promise<VerifyReport> {
  let expected = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  let problem: ChainProblem | undefined;
  let start: Record<string, AttributeValue> | undefined;
  try {
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#chain = :chain',
          ExpressionAttributeNames: { '#chain': 'chain' },
          ExpressionAttributeValues: { ':chain': { S: TRAIL_CHAIN } },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const raw of page.Items ?? []) {
        const entry = unmarshall(raw);
        problem = checkEntry(entry, expected, previousHash);
        if (problem) break;
        checked += 1;
        expected += 1;
        previousHash = String(entry.hash);
      }
      start = problem ? undefined : page.LastEvaluatedKey;
    } while (start);
    problem ??= await checkHead(client, tableName, expected - 1, previousHash);
  } catch (error) {
    throw new AuditUnavailableError('be read for verification', error);
  }
  const head = checked > 0 ? { seq: expected - 1, hash: previousHash } : undefined;
  if (problem) {
    return {
      ok: false,
      checked,
      firstProblem: problem,
      summary: `The audit trail is NOT intact: ${problem.message}${checked > 0 ? ` The ${checked === 1 ? 'entry' : `${checked} entries`} before it checked out.` : ''}`,
    };
  }
  return {
    ok: true,
    checked,
    ...(head ? { head } : {}),
    summary:
      checked === 0
        ? 'The audit trail is empty; there is nothing to check.'
        : `The audit trail is intact: all ${checked} entries are present, unaltered and linked in order.`,
  };
}

function checkEntry(
  entry: Record<string, unknown>,
  expected: number,
  previousHash: string,
): ChainProblem | undefined {
  const seq = Number(entry.seq);
  const about = describe(entry);
  if (seq !== expected) {
    const missing = seq - expected === 1 ? `${expected}` : `${expected} to ${seq - 1}`;
    return {
      kind: 'missing',
      seq: expected,
      message: `entry ${missing} ${seq - expected === 1 ? 'is' : 'are'} missing (the next entry present is ${seq}).`,
    };
  }
  if (hashOf(entry) !== entry.hash) {
    return {
      kind: 'altered',
      seq,
      ...ids(entry),
      message: `entry ${seq} (${about}) was altered: its content no longer matches its hash.`,
    };
  }
  if (entry.prevHash !== previousHash) {
    return {
      kind: 'relinked',
      seq,
      ...ids(entry),
      message: `entry ${seq} (${about}) does not link to entry ${seq - 1}: it, or its predecessor, was replaced.`,
    };
  }
  return undefined;
}

/** The head pointer remembers the newest entry written; the chain must reach it unchanged. */
async function checkHead(
  client: DynamoDBClient,
  tableName: string,
  lastSeq: number,
  lastHash: string,
): Promise<ChainProblem | undefined> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { chain: { S: TRAIL_HEAD_CHAIN }, seq: { N: '0' } },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const head = unmarshall(Item);
  const headSeq = Number(head.headSeq);
  if (headSeq > lastSeq) {
    return {
      kind: 'missing',
      seq: lastSeq + 1,
      message: `entr${headSeq === lastSeq + 1 ? `y ${headSeq} is` : `ies ${lastSeq + 1} to ${headSeq} are`} missing from the end of the trail (entry ${headSeq} was written, the trail stops at ${lastSeq}).`,
    };
  }
  // The pointer may lag by an entry or two; when it names the last entry, the hashes must agree.
  if (headSeq === lastSeq && head.headHash !== lastHash) {
    return {
      kind: 'altered',
      seq: lastSeq,
      message: `entry ${lastSeq} was replaced: it is not the entry originally written at that place.`,
    };
  }
  return undefined;
}

function ids(entry: Record<string, unknown>) {
  return {
    ...(typeof entry.remediationId === 'string' ? { remediationId: entry.remediationId } : {}),
    ...(typeof entry.recordType === 'string' ? { recordType: entry.recordType } : {}),
  };
}

function describe(entry: Record<string, unknown>): string {
  const kind = entry.recordType === 'completion' ? 'the result' : 'the request';
  return `${kind} of remediation ${String(entry.remediationId ?? 'unknown')}, recorded ${String(entry.recordedAt ?? 'at an unknown time')}`;
}
