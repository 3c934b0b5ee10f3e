import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {
  auditTableDesign,
  createTableInput,
  jobsTableDesign,
  requestsTableDesign,
} from '../../api/audit/table-design.js';

export interface LocalDynamoOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Keep the tables in this folder across restarts; in memory when unset. */
  dataDir?: string;
  /** Table names to create (the ones the API's configuration names). */
  tables: { audit: string; requests: string; jobs: string };
}

export interface LocalDynamo {
  url: string;
  /** A client on this server, for tests that read or edit the tables as an operator would. */
  client: DynamoDBClient;
  close(): Promise<void>;
}

/**
 * The audit tables on dynalite, a DynamoDB-compatible server written in Node: no Java, no Docker.
 * The API reaches it through AWS_ENDPOINT_URL_DYNAMODB exactly as it reaches DynamoDB in AWS.
 */
export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(client, createTableInput(auditTableDesign, options.tables.audit));
  await createTable(client, createTableInput(requestsTableDesign, options.tables.requests));
  await createTable(client, createTableInput(jobsTableDesign, options.tables.jobs));
  let closing: Promise<void> | undefined;
  return {
    url,
    client,
    close() {
      closing ??= new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
        // Keep-alive sockets from API clients would hold dynalite's graceful close for 30 s.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A persisted folder already has its tables; creating them again is not an error. */
async function createTable(
  client: DynamoDBClient,
  input: ConstructorParameters<typeof CreateTableCommand>[0],
) {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
