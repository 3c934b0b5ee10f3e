import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  type AwsCredentialIdentity,
  failure,
  type Sandbox,
  SEED,
  STATIC_CREDENTIALS,
  startSandbox,
} from './fixture.js';

function organizations(sandbox: Sandbox, credentials: AwsCredentialIdentity = STATIC_CREDENTIALS) {
  return new OrganizationsClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
}

describe('sandbox Organizations (JSON 1.1)', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('describes the organisation to the security account', async () => {
    const { Organization } = await organizations(sandbox).send(new DescribeOrganizationCommand({}));
    assert.match(Organization?.Id ?? '', /^o-[a-z0-9]{10,32}$/);
    assert.equal(Organization?.MasterAccountId, '999999999999');
    assert.equal(Organization?.FeatureSet, 'ALL');
  });

  it('lists every account across pages, the incident members and the generated ones', async () => {
    const client = organizations(sandbox);
    const accounts = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client }, {})) {
      pages++;
      accounts.push(...(page.Accounts ?? []));
    }
    assert.ok(pages > 1, 'the sandbox pages ListAccounts so callers must follow NextToken');
    const ids = accounts.map((account) => account.Id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of [SEED.accounts.security, ...SEED.memberAccounts]) assert.ok(ids.includes(id));
    const active = accounts.filter((account) => account.Status === 'ACTIVE');
    // management + security + 20 members; one closed account is listed SUSPENDED.
    assert.equal(active.length, 22);
    assert.equal(accounts.length - active.length, 1);
    assert.ok(accounts[0]?.JoinedTimestamp instanceof Date);
    // Every active member but the one without the role trusts the security account.
    for (const account of active) {
      const world = sandbox.world.accounts.get(account.Id ?? '');
      if (!world || account.Id === SEED.accounts.security) continue;
      const role = world.iam.roles.get(SEED.remediationRoleName);
      assert.equal(Boolean(role), account.Id !== SEED.accounts.noRemediationRole, account.Id);
    }
  });

  it('answers MaxResults and a foreign token the way AWS does', async () => {
    const client = organizations(sandbox);
    const page = await client.send(new ListAccountsCommand({ MaxResults: 3 }));
    assert.equal(page.Accounts?.length, 3);
    assert.ok(page.NextToken);
    const tooMany = await failure(client.send(new ListAccountsCommand({ MaxResults: 21 })));
    assert.equal(tooMany.name, 'InvalidInputException');
    assert.equal((tooMany as unknown as { Reason: string }).Reason, 'MAX_VALUE_EXCEEDED');
    const badToken = await failure(client.send(new ListAccountsCommand({ NextToken: 'nope' })));
    assert.equal(badToken.name, 'InvalidInputException');
    assert.equal(badToken.$metadata.httpStatusCode, 400);
  });

  it('lets only the management account and the delegated administrator list accounts', async () => {
    const member = organizations(sandbox, {
      accessKeyId: SEED.accounts.production,
      secretAccessKey: 'x',
    });
    const denied = await failure(member.send(new ListAccountsCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
    // A member can still describe its organisation.
    const { Organization } = await member.send(new DescribeOrganizationCommand({}));
    assert.equal(Organization?.MasterAccountId, '999999999999');
  });

  it('takes injected faults like every other sandbox service', async () => {
    sandbox.knobs.addFault({
      service: 'organizations',
      action: 'ListAccounts',
      code: 'TooManyRequestsException',
      times: 1,
    });
    const throttled = await failure(organizations(sandbox).send(new ListAccountsCommand({})));
    assert.equal(throttled.name, 'TooManyRequestsException');
    assert.equal(sandbox.knobs.callsMatching({ service: 'organizations' }).length, 1);
  });
});
