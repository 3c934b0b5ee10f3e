import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Config } from '../config.js';
import { translateAwsError } from './aws-error.js';

/**
 * The accounts this deployment may act in. With ALLOWED_ACCOUNTS_SOURCE=list they are the
 * configured list; with `organization` they are the organisation's ACTIVE accounts, less its
 * management account (StackSets never deploy the remediation role there) and this account itself
 * (the security account acts through its own role, not the remediation role). The list is read
 * from this account as the management account or a delegated administrator and kept for the TTL:
 * long enough to spare Organizations' low request rate, short enough that a closed account stops
 * being allowed within minutes. Concurrent callers share one read.
 */
export class AllowedAccounts {
  private cached?: { accounts: readonly string[]; expiresAt: number };
  private reading?: Promise<readonly string[]>;

  constructor(
    private readonly config: Config,
    private readonly sts: STSClient,
    private readonly given?: OrganizationsClient,
    private readonly now: () => number = Date.now,
  ) {}

  private client?: OrganizationsClient;

  async list(): Promise<readonly string[]> {
    if (this.config.allowedAccountsSource === 'list') return this.config.allowedAccounts;
    if (this.cached && this.cached.expiresAt > this.now()) return this.cached.accounts;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<readonly string[]> {
    // Loaded on first use: a deployment with an explicit list never talks to Organizations.
    const { DescribeOrganizationCommand, OrganizationsClient, paginateListAccounts } = await import(
      '@aws-sdk/client-organizations'
    );
    // Organizations is global; its endpoint is in us-east-1 for the aws partition.
    this.client ??=
      this.given ??
      new OrganizationsClient({ region: 'us-east-1', maxAttempts: 4, retryMode: 'adaptive' });
    const organizations = this.client;
    const [organization, caller, listed] = await Promise.all([
      this.call('DescribeOrganization', () =>
        organizations.send(new DescribeOrganizationCommand({})),
      ),
      this.call('GetCallerIdentity', () => this.sts.send(new GetCallerIdentityCommand({}))),
      this.call('ListAccounts', async () => {
        const ids: string[] = [];
        for await (const page of paginateListAccounts({ client: organizations }, {})) {
          for (const account of page.Accounts ?? []) {
            // `State` replaces `Status` (2025); either may be the one a response carries.
            const state = account.State ?? account.Status;
            if (account.Id && state === 'ACTIVE') ids.push(account.Id);
          }
        }
        return ids;
      }),
    ]);
    const excluded = new Set([organization.Organization?.MasterAccountId, caller.Account]);
    const accounts = listed.filter((id) => !excluded.has(id)).sort();
    this.cached = { accounts, expiresAt: this.now() + this.config.organizationTtlSeconds * 1000 };
    return accounts;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translateAwsError(operation, error);
    }
  }
}
