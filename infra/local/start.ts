import { loadConfig } from '../../api/config.js';
import { startServer } from '../../api/server.js';
import { type LocalDynamo, startLocalDynamo } from './dynamo.js';
import { SANDBOX_CLIENTS, SANDBOX_USERS } from './sandbox/cognito/authority.js';
import { startSandbox } from './sandbox/server.js';

/**
 * `npm start`: the sandbox cloud on :4566 and the API on :3000, wired through the standard AWS SDK
 * variables. Values already in the environment win, so the same command can point at LocalStack.
 */
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4566);
const sandbox = await startSandbox({ port: SANDBOX_PORT });

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
  const { audit } = loadConfig(process.env);
  dynamo = await startLocalDynamo({
    port: Number(process.env.DYNAMODB_PORT ?? 4567),
    tables: { audit: audit.tableName, requests: audit.requestsTableName },
    ...(process.env.AUDIT_DATA_DIR ? { dataDir: process.env.AUDIT_DATA_DIR } : {}),
  }).catch((error: Error) => {
    console.error(`The local DynamoDB for the audit trail did not start: ${error.message}`);
    process.exit(1);
  });
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.url;
}
const trailStorage = process.env.AUDIT_DATA_DIR
  ? `kept in ${process.env.AUDIT_DATA_DIR}`
  : 'in memory; set AUDIT_DATA_DIR to keep it';

const { app, config } = await startServer(process.env).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

const api = `http://${config.host}:${config.port}`;
const jira = SANDBOX_CLIENTS.find((client) => client.clientId === 'sandbox-jira');
console.log(`
Security Remediation API   ${api}
  OpenAPI document         ${api}/openapi.json
  Swagger UI (sign in)     ${api}/docs
Sandbox cloud              ${sandbox.url}   (aws --endpoint-url ${sandbox.url} ...)
Audit trail (DynamoDB)     ${process.env.AWS_ENDPOINT_URL_DYNAMODB}   ${dynamo ? `(${trailStorage}; npm run audit:verify)` : '(from AWS_ENDPOINT_URL_DYNAMODB)'}
  Cognito user pool        ${sandbox.cognito.userPoolId}

Users (sign in at /docs or through /oauth2/authorize):
${SANDBOX_USERS.map((user) => `  ${user.username.padEnd(10)} password ${user.password.padEnd(24)} ${user.groups.join(', ') || '(no group)'}`).join('\n')}

Machine clients (client credentials):
${SANDBOX_CLIENTS.filter((client) => client.grants.includes('client_credentials'))
  .map(
    (client) =>
      `  ${client.clientId.padEnd(16)} secret ${client.clientSecret}   scopes ${client.allowedScopes.join(' ')}`,
  )
  .join('\n')}

Get a token and look at a group that leaves SSH open to the world:
  TOKEN=$(curl -s -u ${jira?.clientId}:${jira?.clientSecret} -d grant_type=client_credentials ${sandbox.url}/oauth2/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s -H "Authorization: Bearer $TOKEN" '${api}/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001'
`);

const stop = async () => {
  await app.close();
  await dynamo?.close();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
