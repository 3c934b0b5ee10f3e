import { pathToFileURL } from 'node:url';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { organizationOf } from '../infra/local/sandbox/aws/organizations/state.js';
import { SEED } from '../infra/local/sandbox/seed.js';
import { startHarness } from '../test/helpers/harness.js';

const LATENCY_MS = 50;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
/** The scan's own budget: the answer must come before it, uncut. */
const BUDGET_MS = 20_000;

export interface ScanBenchResult {
  accounts: number;
  pairs: number;
  groupsInEstate: number;
  latencyMs: number;
  wallMs: number;
  awsCalls: number;
  pages: number;
  groupsFound: number;
  notScanned: number;
  baselineWallMs: number;
  baselineAwsCalls: number;
  baselineGroupsFound: number;
  speedup: number;
  withinBudget: boolean;
}

/**
 * findExposedResources over the whole generated estate (20 member accounts × 3 Regions), with
 * 50 ms added to every AWS call, beside the same Describe calls made one after another.
 */
export async function benchExposureScan(): Promise<ScanBenchResult> {
  const h = await startHarness({
    ALLOWED_ACCOUNTS_SOURCE: 'organization',
    SCAN_BUDGET_MS: String(BUDGET_MS),
  });
  try {
    const world = h.sandbox.world;
    const organization = organizationOf(world);
    const groupsInEstate = [...world.accounts.values()].reduce(
      (sum, account) =>
        sum + [...account.ec2.values()].reduce((n, region) => n + region.securityGroups.size, 0),
      0,
    );
    const analyst = h.tokens.user('bench', { groups: ['security-analysts'] });
    h.sandbox.knobs.setLatency(LATENCY_MS);

    h.sandbox.knobs.calls = [];
    const started = performance.now();
    let pages = 0;
    let groupsFound = 0;
    let notScanned = 0;
    let token: string | undefined;
    do {
      const url = `/exposed-resources?maxResults=500${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`;
      const body = (await h.call(analyst, { url })).json();
      pages++;
      groupsFound += body.groups.length;
      notScanned += body.notScanned.length;
      token = body.nextToken;
    } while (token);
    const wallMs = performance.now() - started;
    const awsCalls = h.sandbox.knobs.calls.length;

    h.sandbox.knobs.calls = [];
    const baselineStarted = performance.now();
    const baselineGroupsFound = await scanSequentially(h.sandbox.url);
    const baselineWallMs = performance.now() - baselineStarted;
    const baselineAwsCalls = h.sandbox.knobs.calls.length;
    const accounts = (organization?.accounts.length ?? 0) - 3; // less management, security, closed
    return {
      accounts,
      pairs: accounts * REGIONS.length,
      groupsInEstate,
      latencyMs: LATENCY_MS,
      wallMs: Math.round(wallMs),
      awsCalls,
      pages,
      groupsFound,
      notScanned,
      baselineWallMs: Math.round(baselineWallMs),
      baselineAwsCalls,
      baselineGroupsFound,
      speedup: Math.round((baselineWallMs / wallMs) * 100) / 100,
      withinBudget: wallMs < BUDGET_MS && pages === 1 && notScanned === 0,
    };
  } finally {
    await h.close();
  }
}

/**
 * The scan a script would make: the organisation's accounts, then for each account and Region in
 * turn the role, the two filtered DescribeSecurityGroups calls and DescribeNetworkInterfaces for
 * the open groups, one call at a time.
 */
async function scanSequentially(endpoint: string): Promise<number> {
  const base = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  };
  const organizations = new OrganizationsClient(base);
  const sts = new STSClient(base);
  const accounts: string[] = [];
  for await (const page of paginateListAccounts({ client: organizations }, {})) {
    for (const account of page.Accounts ?? []) {
      if (
        account.Status === 'ACTIVE' &&
        account.Id &&
        !['999999999999', SEED.accounts.security].includes(account.Id)
      ) {
        accounts.push(account.Id);
      }
    }
  }
  let found = 0;
  for (const accountId of accounts.sort()) {
    const assumed = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/${SEED.remediationRoleName}`,
          RoleSessionName: 'bench-script',
        }),
      )
      .catch(() => undefined);
    const c = assumed?.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) continue;
    for (const region of REGIONS) {
      const ec2 = new EC2Client({
        endpoint,
        region,
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          sessionToken: c.SessionToken,
        },
      });
      const open = new Map<string, SecurityGroup>();
      for (const [Name, value] of [
        ['ip-permission.cidr', '0.0.0.0/0'],
        ['ip-permission.ipv6-cidr', '::/0'],
      ]) {
        const { SecurityGroups } = await ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [{ Name, Values: [value as string] }],
            MaxResults: 1000,
          }),
        );
        for (const group of SecurityGroups ?? []) if (group.GroupId) open.set(group.GroupId, group);
      }
      if (open.size > 0) {
        await ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'group-id', Values: [...open.keys()] }],
            MaxResults: 1000,
          }),
        );
      }
      found += open.size;
      ec2.destroy();
    }
  }
  organizations.destroy();
  sts.destroy();
  return found;
}

export function formatExposureScanBench(result: ScanBenchResult): string {
  return [
    `findExposedResources over the generated estate: ${result.accounts} member accounts × ${REGIONS.length} Regions (${result.pairs} pairs), ${result.groupsInEstate} security groups, ${result.latencyMs} ms per AWS call:`,
    `  API (HTTP, 8 pairs at a time):     ${result.wallMs} ms, ${result.awsCalls} AWS calls, ${result.pages} page(s), ${result.groupsFound} open groups, ${result.notScanned} pairs cut`,
    `  same Describe calls one by one:    ${result.baselineWallMs} ms, ${result.baselineAwsCalls} AWS calls, ${result.baselineGroupsFound} open groups`,
    `  speed-up ${result.speedup}x; ${result.withinBudget ? 'answered whole, inside' : 'NOT answered whole inside'} the ${BUDGET_MS / 1000} s scan budget`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchExposureScan();
  console.log(formatExposureScanBench(result));
  if (!result.withinBudget) process.exitCode = 1;
}
