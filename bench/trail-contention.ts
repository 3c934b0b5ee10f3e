import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createDynamoClient } from '../api/audit/audit-store.js';
import type { TrailRecord } from '../api/audit/record.js';
import { TrailWriter } from '../api/audit/trail-writer.js';
import { loadConfig } from '../api/config.js';
import { startLocalDynamo } from '../infra/local/dynamo.js';

export interface ContentionRow {
  writers: number;
  appends: number;
  perSecond: number;
  refused: number;
}

const APPENDS = 600;

/**
 * The audit trail is one hash chain: every append is a conditional put on the next sequence
 * number. One process queues its own appends; separate processes (a bulk job's lanes, one Lambda
 * each in AWS) race for the same number. This measures appends per second and refusals with 1, 8
 * and 60 independent writers (own client, own queue) on the local DynamoDB.
 */
export async function benchTrailContention(): Promise<ContentionRow[]> {
  const config = loadConfig({});
  const dynamo = await startLocalDynamo({
    port: 0,
    tables: { audit: config.audit.tableName, requests: 'bench-requests', jobs: 'bench-jobs' },
  });
  const rows: ContentionRow[] = [];
  try {
    for (const writers of [1, 8, 60]) {
      const clients = Array.from({ length: writers }, () => createDynamoClient(config, dynamo.url));
      const trails = clients.map((client) => new TrailWriter(client, config.audit.tableName));
      const each = Math.ceil(APPENDS / writers);
      let refused = 0;
      const started = performance.now();
      await Promise.all(
        trails.map(async (trail) => {
          for (let i = 0; i < each; i++) await trail.append(record()).catch(() => refused++);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        writers,
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
    'Audit trail (one hash chain): appends by independent writers on the local DynamoDB',
    ...rows.map(
      (row) =>
        `  ${String(row.writers).padStart(2)} writer(s)  ${row.appends} appends  ${row.perSecond.toFixed(0).padStart(4)}/s  refused ${row.refused}`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTrailContention(await benchTrailContention()));
}
