import { loadConfig } from '../config.js';
import { loadDotEnv } from '../env/dotenv.js';
import { AuditStore } from './audit-store.js';

/**
 * `npm run audit:verify`: walks the audit trail and names the first altered or missing entry.
 * Exit code 0 when intact, 1 when not, 2 when the trail cannot be read.
 *
 * Like every default in this project, it points at the local sandbox (the DynamoDB `npm start`
 * runs) unless told otherwise: AWS_ENDPOINT_URL_DYNAMODB picks another endpoint, and `--aws`
 * leaves the endpoint and credentials to the SDK, for the tables in an AWS account.
 */
loadDotEnv();
const useAws = process.argv.includes('--aws');
if (!useAws && !process.env.AWS_ENDPOINT_URL_DYNAMODB) {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 4567}`;
  process.env.AWS_ACCESS_KEY_ID ??= 'sandbox-security-account';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'sandbox-not-a-secret';
}

try {
  const config = loadConfig(process.env);
  const store = new AuditStore(config);
  const where = useAws ? 'AWS' : process.env.AWS_ENDPOINT_URL_DYNAMODB;
  console.log(`Checking audit table ${config.audit.tableName} (${where}) ...`);
  try {
    const report = await store.verify();
    console.log(report.summary);
    if (report.head) console.log(`Newest entry: ${report.head.seq}, hash ${report.head.hash}`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    store.close();
  }
} catch (error) {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  console.error(`${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  process.exitCode = 2;
}
