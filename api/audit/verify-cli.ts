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
const USAGE = `Usage: npm run audit:verify [-- --aws] [-- --account 222222222222]

Checks the audit trail's hash chains (one per account and Region, and the index that anchors them)
and names the first altered or missing entry.
Exit code 0 when intact, 1 when not, 2 when it could not check.

Options:
  --aws           the tables in AWS (endpoint and credentials from the SDK's usual chain), instead
                  of the local DynamoDB that \`npm start\` runs
  --account <id>  only this account's chains (and the index), instead of the whole trail
  --help          show this help`;

async function main(argv: string[]): Promise<number> {
  let aws: boolean;
  let accountId: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        aws: { type: 'boolean', default: false },
        account: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    aws = values.aws;
    accountId = values.account;
    if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
      throw new Error(`--account must be a 12-digit account id, not "${accountId}".`);
    }
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
    const report = await store.verify(accountId ? { accountId } : {});
    console.log(report.summary);
    const width = Math.max(0, ...report.chains.map((chain) => chain.chain.length));
    for (const chain of report.chains) {
      const which = chain.intact ? 'newest entry' : 'NOT intact after entry';
      const head = chain.head ? `${which} ${chain.head.seq}, hash ${chain.head.hash}` : which;
      console.log(
        `  ${chain.chain.padEnd(width)}  ${chain.head || chain.intact ? head : 'NOT intact'}`,
      );
    }
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
