import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { organizationOf } from '../../../../infra/local/sandbox/aws/organizations/state.js';
import { SEED } from '../../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../../helpers/harness.js';
import { exposedGroups } from './estate-truth.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const ORDER = ['administrative', 'database', 'all-traffic', 'other'];

// biome-ignore lint/suspicious/noExplicitAny: the answer is JSON read field by field.
type Answer = Record<string, any>;

function members(h: Harness): string[] {
  const organization = organizationOf(h.sandbox.world);
  return (organization?.accounts ?? [])
    .filter(
      (account) =>
        account.status === 'ACTIVE' &&
        account.id !== organization?.managementAccountId &&
        account.id !== SEED.accounts.security,
    )
    .map((account) => account.id);
}

async function scanAll(h: Harness, token: string, query: string): Promise<Answer[]> {
  const pages: Answer[] = [];
  let next: string | undefined;
  do {
    const url = `/exposed-resources?${query}${next ? `&nextToken=${encodeURIComponent(next)}` : ''}`;
    const response = await h.call(token, { url });
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json();
    assert.equal(page.outcome, 'answered', page.summary);
    pages.push(page);
    next = page.nextToken;
    assert.ok(pages.length < 50, 'the scan ends');
  } while (next);
  return pages;
}

describe('findExposedResources across the organisation', () => {
  let h: Harness;
  let analyst: string;
  before(async () => {
    h = await startHarness({ ALLOWED_ACCOUNTS_SOURCE: 'organization' });
    analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
  });
  after(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('pages through every account and region and finds exactly the open groups', async () => {
    const pages = await scanAll(h, analyst, 'maxResults=120');
    assert.ok(pages.length > 1, 'the estate takes more than one page of 120');
    const listed = pages.flatMap((page) => page.groups);
    const keys = listed.map((g: Answer) => `${g.accountId}/${g.region}/${g.groupId}`);
    assert.equal(new Set(keys).size, keys.length, 'no group is listed twice');
    const truth = exposedGroups(h.sandbox, members(h), REGIONS);
    assert.deepEqual([...keys].sort(), truth.map((g) => g.key).sort());
    for (const page of pages) assert.ok(page.groups.length <= 120);
    // The account without the remediation role is named, not silently skipped.
    const unreachable = pages.flatMap((page) => page.unreachable);
    assert.deepEqual(
      [...new Set(unreachable.map((u: Answer) => u.accountId))],
      [SEED.accounts.noRemediationRole],
    );
    // The first answer counts the whole estate, though it lists only a page of it.
    const accounts = new Set(truth.map((g) => g.accountId)).size;
    assert.match(
      pages[0]?.summary,
      new RegExp(`^${truth.length} security groups in ${accounts} accounts leave something open`),
    );
    assert.match(pages[0]?.summary, /This answer lists 120 of them; nextToken lists the rest/);
    assert.match(pages[1]?.summary, /^In the rest of the scan, /);
  });

  it("orders each group's openings worst first, and says what uses it and what would fix it", async () => {
    const [page] = await scanAll(
      h,
      analyst,
      `accountId=${SEED.accounts.production}&region=us-east-1`,
    );
    const truth = new Map(
      exposedGroups(h.sandbox, [SEED.accounts.production], ['us-east-1']).map((g) => [
        g.groupId,
        g,
      ]),
    );
    assert.equal(page?.groups.length, truth.size);
    for (const group of page?.groups ?? []) {
      const ranks = group.exposures.map((e: Answer) => ORDER.indexOf(e.category));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        group.groupId,
      );
      const expected = truth.get(group.groupId);
      assert.equal(group.protected, expected?.protected);
      assert.equal(group.usedBy.networkInterfaces, expected?.interfaces);
    }
    const legacy = page?.groups.find(
      (g: Answer) => g.groupId === SEED.securityGroups.legacyAllOpen,
    );
    assert.deepEqual(
      legacy?.exposures.map((e: Answer) => e.category),
      ['all-traffic', 'other'],
    );
    assert.deepEqual(legacy?.remediation.manualReview, ['all traffic']);
    const web = page?.groups.find((g: Answer) => g.groupId === SEED.securityGroups.webFrontend);
    assert.deepEqual(web?.exposures[0].sources, ['0.0.0.0/0', '::/0']);
    assert.deepEqual(
      web?.remediation.inputs.map((i: Answer) => i.port),
      [22, 443],
    );
    const bastion = page?.groups.find(
      (g: Answer) => g.groupId === SEED.securityGroups.bastionProtected,
    );
    assert.equal(bastion?.protected, true);
    assert.deepEqual(bastion?.remediation.inputs, []);
    // Running a suggested remediation as it stands closes the port.
    const [input] = web?.remediation.inputs ?? [];
    const responder = h.tokens.user('responder', { groups: ['security-responders'] });
    const closed = await h.call(responder, {
      method: 'POST',
      url: '/security-groups/close-port',
      payload: { ...input, reason: 'scan finding' },
    });
    assert.equal(closed.json().outcome, 'remediated', closed.body);
  });

  it('answers "what leaves SSH open" with every group that lets port 22 in, and only those', async () => {
    const pages = await scanAll(h, analyst, 'port=22&maxResults=500');
    const listed = pages.flatMap((page) => page.groups);
    const truth = exposedGroups(h.sandbox, members(h), REGIONS, 22);
    assert.deepEqual(
      listed.map((g: Answer) => `${g.accountId}/${g.region}/${g.groupId}`).sort(),
      truth.map((g) => g.key).sort(),
    );
    const accounts = new Set(truth.map((g) => g.accountId)).size;
    assert.match(
      pages[0]?.summary,
      new RegExp(
        `^${truth.length} security groups in ${accounts} accounts leave SSH \\(port 22\\) open to the internet`,
      ),
    );
  });

  it('names what AWS throttled and continues it with nextToken once AWS answers again', async () => {
    const [account] = members(h)
      .filter((id) => id !== SEED.accounts.noRemediationRole)
      .sort();
    h.sandbox.knobs.addFault({
      service: 'ec2',
      accountId: account,
      region: 'eu-west-1',
      code: 'RequestLimitExceeded',
    });
    const first = (await h.call(analyst, { url: '/exposed-resources?maxResults=500' })).json();
    assert.deepEqual(
      first.notScanned.map((n: Answer) => `${n.accountId} ${n.region}`),
      [`${account} eu-west-1`],
    );
    assert.match(first.notScanned[0].reason, /limiting requests/);
    assert.match(first.summary, new RegExp(`Not scanned yet: ${account} eu-west-1`));
    assert.ok(first.nextToken);
    h.sandbox.knobs.clearFaults();
    const rest = (
      await h.call(analyst, {
        url: `/exposed-resources?maxResults=500&nextToken=${encodeURIComponent(first.nextToken)}`,
      })
    ).json();
    assert.equal(rest.nextToken, undefined);
    const truth = exposedGroups(h.sandbox, [account as string], ['eu-west-1']);
    assert.deepEqual(
      rest.groups.map((g: Answer) => g.groupId).sort(),
      truth.map((g) => g.groupId).sort(),
    );
  });

  it('uses the Describe filters for the internet, on both address families', async () => {
    await h.call(analyst, {
      url: `/exposed-resources?accountId=${SEED.accounts.data}&region=us-east-1`,
    });
    const filters = h.sandbox.knobs
      .callsMatching({ service: 'ec2', action: 'DescribeSecurityGroups' })
      .map((call) => `${call.params['Filter.1.Name']}=${call.params['Filter.1.Value.1']}`);
    assert.deepEqual(filters.sort(), [
      'ip-permission.cidr=0.0.0.0/0',
      'ip-permission.ipv6-cidr=::/0',
    ]);
  });

  it('refuses a token it did not give, and a token with other filters, changing nothing', async () => {
    const bad = await h.call(analyst, { url: '/exposed-resources?nextToken=not-a-token' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /nextToken is not one this API gave/);
    const first = (await h.call(analyst, { url: '/exposed-resources?maxResults=5' })).json();
    const other = await h.call(analyst, {
      url: `/exposed-resources?maxResults=5&port=22&nextToken=${encodeURIComponent(first.nextToken)}`,
    });
    assert.equal(other.statusCode, 400);
    assert.match(other.json().message, /other filters/);
  });

  it('refuses an account or region outside the allow-list', async () => {
    const body = (
      await h.call(analyst, { url: '/exposed-resources?accountId=999999999999' })
    ).json();
    assert.equal(body.outcome, 'refused');
    const region = (await h.call(analyst, { url: '/exposed-resources?region=sa-east-1' })).json();
    assert.equal(region.outcome, 'refused');
  });
});

describe('findExposedResources within its time budget', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ ALLOWED_ACCOUNTS_SOURCE: 'organization', SCAN_BUDGET_MS: '600' });
  });
  after(() => h.close());

  it('answers with what it read, names what it did not, and continues to the same result', async () => {
    const analyst = h.tokens.user('analyst', { groups: ['security-analysts'] });
    // Every AWS call takes 100 ms: the estate's 60 pairs cannot all be read in 600 ms.
    h.sandbox.knobs.setLatency(100);
    const first = (await h.call(analyst, { url: '/exposed-resources?maxResults=500' })).json();
    assert.equal(first.outcome, 'answered');
    assert.ok(first.nextToken, 'a token continues the scan');
    assert.ok(first.notScanned.length > 0, 'what was cut is named');
    assert.match(first.summary, /Not scanned yet: /);
    h.sandbox.knobs.setLatency(0);
    const listed = [...first.groups];
    let next = first.nextToken;
    while (next) {
      const page = (
        await h.call(analyst, {
          url: `/exposed-resources?maxResults=500&nextToken=${encodeURIComponent(next)}`,
        })
      ).json();
      listed.push(...page.groups);
      next = page.nextToken;
    }
    const truth = exposedGroups(h.sandbox, members(h), REGIONS);
    assert.deepEqual(
      listed.map((g: Answer) => `${g.accountId}/${g.region}/${g.groupId}`).sort(),
      truth.map((g) => g.key).sort(),
    );
  });
});
