import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { chainLabel, headPointerOf } from './chain-names.js';
import { GENESIS_HASH, hashOf } from './hash-chain.js';

export type ProblemKind = 'altered' | 'missing' | 'relinked' | 'unindexed';

export interface ChainProblem {
  kind: ProblemKind;
  /** The sequence number of the first entry found wrong or missing. */
  seq: number;
  remediationId?: string;
  recordType?: string;
  message: string;
}

export interface ChainReport {
  chain: string;
  /** Entries read and checked, up to the first problem. */
  checked: number;
  /** Sequence number and hash of the newest entry: note them to detect a rewrite later. */
  head?: { seq: number; hash: string };
  problem?: ChainProblem;
  /** The chain's entries, kept only when asked for (the index, which the verifier reads). */
  entries?: Array<Record<string, unknown>>;
}

/** What another chain says an entry of this one must be (the index's checkpoints). */
export type Anchors = ReadonlyMap<number, string>;

/**
 * Walks one chain from its first entry and reports the first entry that was altered (its content
 * no longer matches its hash), is missing (a gap in the sequence, or entries gone from the end),
 * or was replaced wholesale with a freshly computed hash (its link to the predecessor breaks, or
 * it is not the entry the index recorded). Errors reading DynamoDB are thrown.
 */
export async function verifyChain(
  client: DynamoDBClient,
  tableName: string,
  chain: string,
  options: { anchors?: Anchors; keepEntries?: boolean } = {},
): Promise<ChainReport> {
  const anchors = options.anchors ?? new Map<number, string>();
  const kept: Array<Record<string, unknown>> = [];
  let expected = 1;
  let previousHash = GENESIS_HASH;
  let problem: ChainProblem | undefined;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#chain = :chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExpressionAttributeValues: { ':chain': { S: chain } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of page.Items ?? []) {
      const entry = unmarshall(raw);
      problem = checkEntry(entry, expected, previousHash, anchors.get(expected));
      if (problem) break;
      if (options.keepEntries) kept.push(entry);
      expected += 1;
      previousHash = String(entry.hash);
    }
    start = problem ? undefined : page.LastEvaluatedKey;
  } while (start);
  const checked = expected - 1;
  problem ??=
    checkAnchoredLength(anchors, checked) ??
    (await checkHeadPointer(client, tableName, chain, checked, previousHash));
  return {
    chain,
    checked,
    ...(checked > 0 ? { head: { seq: checked, hash: previousHash } } : {}),
    ...(problem
      ? { problem: { ...problem, message: `In ${chainLabel(chain)}, ${problem.message}` } }
      : {}),
    ...(options.keepEntries ? { entries: kept } : {}),
  };
}

function checkEntry(
  entry: Record<string, unknown>,
  expected: number,
  previousHash: string,
  anchoredHash: string | undefined,
): ChainProblem | undefined {
  const seq = Number(entry.seq);
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
      message: `entry ${seq} (${describe(entry)}) was altered: its content no longer matches its hash.`,
    };
  }
  if (entry.prevHash !== previousHash) {
    return {
      kind: 'relinked',
      seq,
      ...ids(entry),
      message: `entry ${seq} (${describe(entry)}) does not link to entry ${seq - 1}: it, or its predecessor, was replaced.`,
    };
  }
  if (anchoredHash !== undefined && anchoredHash !== entry.hash) {
    return {
      kind: 'relinked',
      seq,
      ...ids(entry),
      message: `entry ${seq} (${describe(entry)}) is not the entry the index recorded at that place: the chain was rewritten up to it.`,
    };
  }
  return undefined;
}

/** The index recorded entries this far along: the chain must still reach them. */
function checkAnchoredLength(anchors: Anchors, lastSeq: number): ChainProblem | undefined {
  const furthest = Math.max(0, ...anchors.keys());
  if (furthest <= lastSeq) return undefined;
  return missingFromEnd(lastSeq, furthest, `the index recorded entry ${furthest}`);
}

/** The head pointer remembers the newest entry written; the chain must reach it unchanged. */
async function checkHeadPointer(
  client: DynamoDBClient,
  tableName: string,
  chain: string,
  lastSeq: number,
  lastHash: string,
): Promise<ChainProblem | undefined> {
  const pointer = headPointerOf(chain);
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { chain: { S: pointer.chain }, seq: { N: String(pointer.seq) } },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const head = unmarshall(Item);
  const headSeq = Number(head.headSeq);
  if (headSeq > lastSeq) return missingFromEnd(lastSeq, headSeq, `entry ${headSeq} was written`);
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

function missingFromEnd(lastSeq: number, newest: number, evidence: string): ChainProblem {
  const which =
    newest === lastSeq + 1 ? `entry ${newest} is` : `entries ${lastSeq + 1} to ${newest} are`;
  const stops = lastSeq === 0 ? 'the chain is empty' : `the chain stops at ${lastSeq}`;
  return {
    kind: 'missing',
    seq: lastSeq + 1,
    message: `${which} missing from the end (${evidence}; ${stops}).`,
  };
}

function ids(entry: Record<string, unknown>) {
  return {
    ...(typeof entry.remediationId === 'string' ? { remediationId: entry.remediationId } : {}),
    ...(typeof entry.recordType === 'string' ? { recordType: entry.recordType } : {}),
  };
}

function describe(entry: Record<string, unknown>): string {
  if (typeof entry.kind === 'string') return `the ${entry.kind} of ${String(entry.of)}`;
  const kind = entry.recordType === 'completion' ? 'the result' : 'the request';
  return `${kind} of remediation ${String(entry.remediationId ?? 'unknown')}, recorded ${String(entry.recordedAt ?? 'at an unknown time')}`;
}
