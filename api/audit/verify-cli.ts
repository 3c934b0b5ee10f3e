import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadDotEnv } from '../env/dotenv.js';
import { AuditStore } from './audit-store.js';

/**
 * `npm run audit:verify`: walks the audit trail and names the first altered or missing entry.
 *
 * Like every default in this project, it points at the local sandbox (the DynamoDB `npm start`
 * runs on DYNAMODB_PORT) unless told otherwise: AWS_ENDPOINT_URL_DYNAMODB picks another endpoint,
 * and `--aws` leaves the endpoint and credentials to the SDK, for the tables in an AWS account.
 */
const USAGE = `Usage: npm run audit:verify [-- --aws]

Checks the audit trail's hash chain and names the first altered or missing entry.
Exit code 0 when intact, 1 when not, 2 when it could not check.

Options:
  --aws    the tables in AWS (endpoint and credentials from the SDK's usual chain), instead of
           the local DynamoDB that \`npm start\` runs
  --help   show this help`;

async function main(argv: string[]): Promise<number> {
  let aws: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { aws: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    aws = values.aws;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  loadDotEnv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const local = !aws && !process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (local) {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = config.local.dynamoDbUrl;
    process.env.AWS_ACCESS_KEY_ID ??= 'sandbox-security-account';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'sandbox-not-a-secret';
  }
  const where = aws ? 'AWS' : (process.env.AWS_ENDPOINT_URL_DYNAMODB as string);
  console.log(`Checking audit table ${config.audit.tableName} (${where}) ...`);
  const store = new AuditStore(config);
  try {
    const report = await store.verify();
    console.log(report.summary);
    if (report.head) console.log(`Newest entry: ${report.head.seq}, hash ${report.head.hash}`);
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(unreadable(error, where, local));
    return 2;
  } finally {
    store.close();
  }
}

/** Why the trail could not be read, and what to do about it. */
function unreadable(error: unknown, where: string, local: boolean): string {
  if (refused(error)) {
    return local
      ? `Nothing answers at ${where}: start the local DynamoDB with \`npm start\` in another terminal (it listens on DYNAMODB_PORT), or pass --aws for the tables in AWS.`
      : `Nothing answers at ${where}: check AWS_ENDPOINT_URL_DYNAMODB.`;
  }
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
}

/** True when a connection was refused somewhere down the chain of causes. */
function refused(error: unknown): boolean {
  type Cause = { code?: string; cause?: unknown } | undefined;
  for (let e = error as Cause; e; e = e.cause as Cause) {
    if (e.code === 'ECONNREFUSED') return true;
  }
  return false;
}

process.exitCode = await main(process.argv.slice(2));
