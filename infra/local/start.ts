import { type Config, loadConfig } from '../../api/config.js';
import { loadDotEnv } from '../../api/env/dotenv.js';
import { startServer } from '../../api/server.js';
import { banner } from './banner.js';
import { localBulkEngine } from './bulk/local-engine.js';
import { type LocalDynamo, startLocalDynamo } from './dynamo.js';
import { prettyLogs } from './pretty-logs.js';
import { startSandbox } from './sandbox/server.js';

/**
 * `npm start`: the sandbox cloud on SANDBOX_PORT, a local DynamoDB on DYNAMODB_PORT and the API on
 * PORT, wired through the standard AWS SDK variables. Values already in the environment win, so
 * the same command can point at LocalStack.
 */

/** Stops with one line naming what to change, not a stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function startFailure(what: string, variable: string, port: number) {
  return (error: NodeJS.ErrnoException): never =>
    fail(
      error.code === 'EADDRINUSE'
        ? `${what} cannot listen on port ${port}: it is in use. Stop what uses it or set ${variable}.`
        : `${what} did not start: ${error.message}`,
    );
}

// Read first: a wrong variable stops everything before anything listens, naming each one.
let config: Config;
try {
  loadDotEnv();
  // The sandbox is an organisation of twenty member accounts: acting (and scanning) across the
  // organisation shows the estate; the explicit list stays the service's own default, which the
  // tests rely on to check refusals of member accounts outside it.
  process.env.ALLOWED_ACCOUNTS_SOURCE ??= 'organization';
  config = loadConfig(process.env);
} catch (error) {
  fail((error as Error).message);
}

// Swagger UI's sign-in comes back to the API's own address, wherever PORT put it.
const apiUrls = [
  ...new Set([
    config.publicUrl,
    `http://127.0.0.1:${config.port}`,
    `http://localhost:${config.port}`,
  ]),
];
const sandbox = await startSandbox({ port: config.local.sandboxPort, apiUrls }).catch(
  startFailure('The sandbox cloud', 'SANDBOX_PORT', config.local.sandboxPort),
);

const awsDefaults: Record<string, string> = {
  AWS_ENDPOINT_URL: sandbox.url,
  AWS_REGION: 'us-east-1',
  // The sandbox treats any key it did not issue as the security account's own credentials.
  AWS_ACCESS_KEY_ID: 'sandbox-security-account',
  AWS_SECRET_ACCESS_KEY: 'sandbox-not-a-secret',
};
for (const [name, value] of Object.entries(awsDefaults)) process.env[name] ??= value;

// The audit tables on a local DynamoDB (dynalite), unless the environment names another one.
// AUDIT_DATA_DIR keeps the trail across restarts; without it the trail lives in memory.
let dynamo: LocalDynamo | undefined;
if (!process.env.AWS_ENDPOINT_URL_DYNAMODB) {
  dynamo = await startLocalDynamo({
    port: config.local.dynamoDbPort,
    tables: {
      audit: config.audit.tableName,
      requests: config.audit.requestsTableName,
      jobs: config.audit.jobsTableName,
    },
    ...(process.env.AUDIT_DATA_DIR ? { dataDir: process.env.AUDIT_DATA_DIR } : {}),
  }).catch(startFailure('The local DynamoDB', 'DYNAMODB_PORT', config.local.dynamoDbPort));
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
}

// Bulk jobs run in this process on the state machine's definition; a restart resumes them.
const { app } = await startServer(process.env, {
  logStream: prettyLogs(),
  bulk: { engine: localBulkEngine, resumeOnStart: true },
}).catch(startFailure('The API', 'PORT', config.port));

console.log(
  banner({
    config,
    sandboxUrl: sandbox.url,
    awsEndpoint: process.env.AWS_ENDPOINT_URL as string,
    dynamoDbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB as string,
    ...(dynamo
      ? {
          localTrail: process.env.AUDIT_DATA_DIR
            ? `kept in ${process.env.AUDIT_DATA_DIR}`
            : 'in memory; set AUDIT_DATA_DIR to keep it',
        }
      : {}),
  }),
);

const stop = async () => {
  await app.close();
  await dynamo?.close();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
