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
  // The head pointer first: entries a writer adds while the chain is walked are then only extra,
  // never mistaken for the pointer running ahead of a chain cut short.
  const pointer = await readHeadPointer(client, tableName, chain);
  // What each entry must hash to, by the index and by the pointer: each is checked on its own.
  const anchors = new Map<number, string[]>();
  for (const [seq, hash] of options.anchors ?? []) anchors.set(seq, [hash]);
  if (pointer) anchors.set(pointer.seq, [...(anchors.get(pointer.seq) ?? []), pointer.hash]);
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
      problem = checkEntry(entry, expected, previousHash, anchors.get(expected) ?? []);
      if (problem) break;
      if (options.keepEntries) kept.push(entry);
      expected += 1;
      previousHash = String(entry.hash);
    }
    start = problem ? undefined : page.LastEvaluatedKey;
  } while (start);
  const checked = expected - 1;
  problem ??= checkAnchoredLength(anchors, pointer, checked);
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
  anchoredHashes: string[],
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
  if (anchoredHashes.some((hash) => hash !== entry.hash)) {
    return {
      kind: 'relinked',
      seq,
      ...ids(entry),
      message: `entry ${seq} (${describe(entry)}) is not the entry originally written at that place (the index of chains, or the chain's head pointer, recorded another): the chain was rewritten up to it.`,
    };
  }
  return undefined;
}

/** The index and the head pointer recorded entries this far along: the chain must reach them. */
function checkAnchoredLength(
  anchors: ReadonlyMap<number, unknown>,
  pointer: { seq: number } | undefined,
  lastSeq: number,
): ChainProblem | undefined {
  const furthest = Math.max(0, ...anchors.keys());
  if (furthest <= lastSeq) return undefined;
  const evidence =
    pointer?.seq === furthest
      ? `entry ${furthest} was written`
      : `the index recorded entry ${furthest}`;
  return missingFromEnd(lastSeq, furthest, evidence);
}

/**
 * The newest entry a writer recorded (it may lag by an entry or two; it never moves backwards), or
 * undefined for a chain without one.
 */
async function readHeadPointer(
  client: DynamoDBClient,
  tableName: string,
  chain: string,
): Promise<{ seq: number; hash: string } | undefined> {
  const key = headPointerOf(chain);
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { chain: { S: key.chain }, seq: { N: String(key.seq) } },
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  const head = unmarshall(Item);
  return { seq: Number(head.headSeq), hash: String(head.headHash) };
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
