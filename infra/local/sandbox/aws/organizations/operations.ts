import type { World } from '../../state.js';
import { accessDenied, invalidInput, notInUse } from './errors.js';
import {
  accountArn,
  type Organization,
  type OrganizationAccount,
  organizationArn,
  organizationOf,
} from './state.js';

export interface OrganizationsContext {
  world: World;
  accountId: string;
  input: Record<string, unknown>;
  /** Page size when MaxResults is not given (a knob); AWS's own is not documented. */
  defaultPageSize: number;
}

export type OrganizationsOperation = (context: OrganizationsContext) => Record<string, unknown>;

/** JSON 1.1 carries timestamps as epoch seconds. */
const epoch = (date: Date) => date.getTime() / 1000;

function memberOrganization(context: OrganizationsContext): Organization {
  const organization = organizationOf(context.world);
  const isMember =
    organization &&
    (organization.managementAccountId === context.accountId ||
      organization.accounts.some((account) => account.id === context.accountId));
  if (!organization || !isMember) throw notInUse();
  return organization;
}

/** Any account of the organisation may describe it. */
const describeOrganization: OrganizationsOperation = (context) => {
  const organization = memberOrganization(context);
  return {
    Organization: {
      Id: organization.id,
      Arn: organizationArn(organization),
      FeatureSet: 'ALL',
      MasterAccountArn: accountArn(organization, organization.managementAccountId),
      MasterAccountId: organization.managementAccountId,
      MasterAccountEmail: organization.managementAccountEmail,
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  };
};

/**
 * Only the management account and delegated administrators may list the accounts. Pages by
 * account id like a cursor, so an account joining between two pages does not shift the rest.
 */
const listAccounts: OrganizationsOperation = (context) => {
  const organization = memberOrganization(context);
  const allowed =
    context.accountId === organization.managementAccountId ||
    organization.delegatedAdministrators.includes(context.accountId);
  if (!allowed) throw accessDenied();
  const max = context.input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max))) {
    throw invalidInput('INVALID_INPUT', 'MaxResults must be a whole number.');
  }
  if (typeof max === 'number' && max < 1) {
    throw invalidInput(
      'MIN_VALUE_EXCEEDED',
      'You provided a value that is too small for MaxResults.',
    );
  }
  if (typeof max === 'number' && max > 20) {
    throw invalidInput(
      'MAX_VALUE_EXCEEDED',
      'You provided a value that is too large for MaxResults.',
    );
  }
  const size = typeof max === 'number' ? max : context.defaultPageSize;
  const sorted = [...organization.accounts].sort((a, b) => a.id.localeCompare(b.id));
  const after = readToken(context.input.NextToken);
  const rest = after === undefined ? sorted : sorted.filter((account) => account.id > after);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  return {
    Accounts: page.map((account) => accountJson(organization, account)),
    ...(rest.length > page.length && last ? { NextToken: writeToken(last.id) } : {}),
  };
};

function accountJson(organization: Organization, account: OrganizationAccount) {
  return {
    Id: account.id,
    Arn: accountArn(organization, account.id),
    Email: account.email,
    Name: account.name,
    Status: account.status,
    // `State` replaces `Status` (AWS announced the change in 2025); both are sent meanwhile.
    State: account.status,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: epoch(account.joinedTimestamp),
  };
}

function writeToken(after: string): string {
  return Buffer.from(JSON.stringify({ listAccountsAfter: after })).toString('base64url');
}

function readToken(token: unknown): string | undefined {
  if (token === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(String(token), 'base64url').toString());
    if (typeof value.listAccountsAfter === 'string') return value.listAccountsAfter;
  } catch {
    // AWS's answer for a token it did not issue, below
  }
  throw invalidInput('INVALID_PAGINATION_TOKEN', 'You provided an invalid pagination token.');
}

export const OPERATIONS: Record<string, OrganizationsOperation> = {
  DescribeOrganization: describeOrganization,
  ListAccounts: listAccounts,
};
