import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createDynamoClient } from '../api/audit/audit-store.js';
import type { TrailRecord } from '../api/audit/record.js';
import { TrailWriter } from '../api/audit/trail-writer.js';
import { loadConfig } from '../api/config.js';
import { startLocalDynamo } from '../infra/local/dynamo.js';

export interface ContentionRow {
  writers: number;
  /** Account and Region pairs the writers act in: each has its own chain. */
  places: number;
  appends: number;
  perSecond: number;
  refused: number;
}

const APPENDS = 600;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/**
 * The audit trail is one hash chain per account and Region: every append is a conditional put on
 * the next sequence number of its chain. One process queues its own appends; separate processes
 * (a bulk job's lanes, one Lambda each in AWS) race for the same number when they act in the same
 * account and Region. This measures appends per second and refusals with 1, 8 and 60 independent
 * writers (own client, own queue) on the local DynamoDB, all in one place (the baseline: what the
 * single chain did for every request) and each in its own (a bulk job's lanes).
 */
export async function benchTrailContention(): Promise<ContentionRow[]> {
  const config = loadConfig({});
  // The local DynamoDB takes any key; the SDK wants one before it signs.
  process.env.AWS_ACCESS_KEY_ID ??= 'sandbox-security-account';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'sandbox-not-a-secret';
  const dynamo = await startLocalDynamo({
    port: 0,
    tables: { audit: config.audit.tableName, requests: 'bench-requests', jobs: 'bench-jobs' },
  });
  const rows: ContentionRow[] = [];
  try {
    for (const [writers, places] of [
      [1, 1],
      [8, 1],
      [8, 8],
      [60, 1],
      [60, 60],
    ] as const) {
      const clients = Array.from({ length: writers }, () => createDynamoClient(config, dynamo.url));
      const trails = clients.map((client) => new TrailWriter(client, config.audit.tableName));
      const each = Math.ceil(APPENDS / writers);
      // 20 accounts × 3 Regions, a fresh range of accounts per row so each row starts empty.
      const place = (writer: number) => ({
        accountId: String(100_000_000_000 + rows.length * 100 + ((writer % places) % 20)),
        region: REGIONS[Math.floor((writer % places) / 20)] ?? 'us-east-1',
      });
      let refused = 0;
      const started = performance.now();
      await Promise.all(
        trails.map(async (trail, writer) => {
          for (let i = 0; i < each; i++) {
            await trail.append(record(), place(writer)).catch(() => refused++);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        writers,
        places,
        appends: each * writers,
        perSecond: (each * writers - refused) / seconds,
        refused,
      });
      for (const client of clients) client.destroy();
    }
  } finally {
    await dynamo.close();
  }
  return rows;
}

function record(): TrailRecord {
  return {
    recordType: 'completion',
    remediationId: randomUUID(),
    recordedAt: new Date().toISOString(),
    outcome: 'remediated',
    summary: 'bench',
    steps: [],
    undo: { available: false, description: 'bench' },
  };
}

export function formatTrailContention(rows: ContentionRow[]): string {
  return [
    'Audit trail (a hash chain per account and Region): appends by independent writers on the local DynamoDB',
    ...rows.map((row) => {
      const baseline = rows.find((other) => other.writers === row.writers && other.places === 1);
      const ratio =
        baseline && row !== baseline
          ? `  ${(row.perSecond / baseline.perSecond).toFixed(2)}x the same writers on one chain`
          : '';
      return `  ${String(row.writers).padStart(2)} writer(s) on ${String(row.places).padStart(2)} chain(s)  ${row.appends} appends  ${row.perSecond.toFixed(0).padStart(4)}/s  refused ${row.refused}${ratio}`;
    }),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTrailContention(await benchTrailContention()));
}
