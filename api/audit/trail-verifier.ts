import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { AuditUnavailableError } from './audit-errors.js';
import {
  ACCOUNT_CHAIN_PREFIX,
  accountOfChain,
  chainLabel,
  INDEX_CHAIN,
  LEGACY_CHAIN,
} from './chain-names.js';
import { type ChainProblem, type ChainReport, verifyChain } from './chain-verifier.js';

export type { ChainProblem, ProblemKind } from './chain-verifier.js';

export interface ChainSummary {
  chain: string;
  /** The account whose remediations the chain holds; absent for the index and older chains. */
  accountId?: string;
  checked: number;
  /** False when the chain has a problem: then `head` is the last entry that checked out. */
  intact: boolean;
  head?: { seq: number; hash: string };
}

export interface VerifyReport {
  ok: boolean;
  /** Remediation entries read and checked, across the chains checked. */
  checked: number;
  /** Every chain checked, the index first; each head is worth noting to detect a later rewrite. */
  chains: ChainSummary[];
  firstProblem?: ChainProblem & { chain: string; accountId?: string };
  /** How many chains have a problem (each chain reports its first). */
  chainsWithProblems: number;
  summary: string;
}

/** Account chains read at once: each is a sequence of consistent queries on its own partition. */
const PARALLEL_CHAINS = 8;

/**
 * Proves the trail: first the index chain (every chain it opened, and the heads it recorded),
 * then each chain of records, with the index's heads as anchors, then the chain older trails wrote
 * to before the split. With `accountId`, only that account's chains (and the index that anchors
 * them) are read.
 */
export async function verifyTrail(
  client: DynamoDBClient,
  tableName: string,
  only: { accountId?: string } = {},
): Promise<VerifyReport> {
  try {
    let index = await verifyChain(client, tableName, INDEX_CHAIN, { keepEntries: true });
    let { opened, anchors } = readIndex(index.entries ?? []);
    let unindexed: string[] = [];
    if (!only.accountId) {
      const present = await chainsInTable(client, tableName);
      if (present.some((chain) => !opened.has(chain))) {
        // A chain opened while this ran is in the index by now: its opening is written first.
        index = await verifyChain(client, tableName, INDEX_CHAIN, { keepEntries: true });
        ({ opened, anchors } = readIndex(index.entries ?? []));
        unindexed = present.filter((chain) => !opened.has(chain));
      }
    }
    // One account's chains are those the index opened for it; only the whole check also scans
    // the table for chains the index does not name.
    const wanted = only.accountId
      ? [...opened].filter((chain) => accountOfChain(chain) === only.accountId).sort()
      : [...opened, ...unindexed].sort().concat(LEGACY_CHAIN);
    const reports = await mapLimited(wanted, PARALLEL_CHAINS, async (chain) => {
      const report = await verifyChain(client, tableName, chain, { anchors: anchors.get(chain) });
      return unindexed.includes(chain) && !report.problem
        ? { ...report, problem: notIndexed(chain) }
        : report;
    });
    const shown = reports.filter((report) => report.checked > 0 || report.problem);
    return reportOf([index, ...shown], only.accountId);
  } catch (error) {
    throw new AuditUnavailableError('be read for verification', error);
  }
}

/**
 * Every account chain in the table, read from the keys alone: a chain the index does not name
 * means the index was cut short or rewritten, and would otherwise go unchecked.
 */
async function chainsInTable(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const chains = new Set<string>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#chain',
        ExpressionAttributeNames: { '#chain': 'chain' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const chain = item.chain?.S;
      if (chain?.startsWith(ACCOUNT_CHAIN_PREFIX)) chains.add(chain);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return [...chains];
}

function notIndexed(chain: string): ChainProblem {
  return {
    kind: 'unindexed',
    seq: 1,
    message: `In ${chainLabel(chain)}, its entries are intact but the index of chains does not name it: the index was cut short or rewritten.`,
  };
}

function readIndex(entries: Array<Record<string, unknown>>) {
  const opened = new Set<string>();
  const anchors = new Map<string, Map<number, string>>();
  for (const entry of entries) {
    const of = String(entry.of);
    if (entry.kind === 'opened') opened.add(of);
    if (entry.kind === 'checkpoint') {
      opened.add(of);
      if (!anchors.has(of)) anchors.set(of, new Map());
      anchors.get(of)?.set(Number(entry.ofSeq), String(entry.ofHash));
    }
  }
  return { opened, anchors };
}

function reportOf([index, ...chains]: ChainReport[], accountId?: string): VerifyReport {
  const all = [index as ChainReport, ...chains];
  const checked = chains.reduce((sum, chain) => sum + chain.checked, 0);
  const broken = all.filter((chain) => chain.problem);
  const first = broken[0];
  const summaries = all
    .filter((chain) => chain.checked > 0 || chain.problem)
    .map(({ chain, checked: n, head, problem }) => ({
      chain,
      ...(accountOfChain(chain) ? { accountId: accountOfChain(chain) } : {}),
      checked: n,
      intact: !problem,
      ...(head ? { head } : {}),
    }));
  const scope = accountId ? `account ${accountId}'s part of the audit trail` : 'the audit trail';
  if (first?.problem) {
    const checkedBefore = first.checked;
    const others = broken.length - 1;
    return {
      ok: false,
      checked,
      chains: summaries,
      firstProblem: {
        ...first.problem,
        chain: first.chain,
        ...(accountOfChain(first.chain) ? { accountId: accountOfChain(first.chain) } : {}),
      },
      chainsWithProblems: broken.length,
      summary: [
        `${capital(scope)} is NOT intact. ${first.problem.message}`,
        checkedBefore > 0
          ? `The ${checkedBefore === 1 ? 'entry' : `${checkedBefore} entries`} before it in ${chainLabel(first.chain)} checked out.`
          : '',
        others > 0
          ? `${others} other chain${others === 1 ? ' also has' : 's also have'} a problem.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
  }
  const accountChains = chains.length;
  return {
    ok: true,
    checked,
    chains: summaries,
    chainsWithProblems: 0,
    summary:
      checked === 0
        ? `${capital(scope)} is empty; there is nothing to check.`
        : `${capital(scope)} is intact: all ${checked} ${checked === 1 ? 'entry is' : 'entries are'} present, unaltered and linked in order (${accountChains} chain${accountChains === 1 ? '' : 's'}, anchored in the index of chains).`,
  };
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await run(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
