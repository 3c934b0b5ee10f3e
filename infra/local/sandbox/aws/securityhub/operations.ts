import { invalidInput, notSubscribed, validation } from './errors.js';
import { asffFilter, ocsfFilter } from './filters.js';
import { STATUS_IDS, toOcsf } from './ocsf.js';
import { type AsffFinding, findingKey, type SecurityHubState } from './state.js';

export interface SecurityHubContext {
  state: SecurityHubState;
  accountId: string;
  region: string;
  body: Record<string, unknown>;
  now: Date;
  /** Page size when MaxResults is not given (a knob). */
  defaultPageSize?: number;
}

export type SecurityHubOperation = (context: SecurityHubContext) => Record<string, unknown>;

/**
 * The findings this caller sees: the delegated administrator in the aggregation Region sees
 * every member's, in every Region; elsewhere an account sees its own in that Region. An account
 * with no findings anywhere has not enabled Security Hub.
 */
function visible(context: SecurityHubContext): AsffFinding[] {
  const { state, accountId, region } = context;
  const all = [...state.findings.values()];
  if (accountId === state.administratorAccountId) {
    return region === state.aggregationRegion ? all : all.filter((f) => f.Region === region);
  }
  if (!all.some((finding) => finding.AwsAccountId === accountId)) throw notSubscribed(accountId);
  return all.filter((f) => f.AwsAccountId === accountId && f.Region === region);
}

function page<T>(items: T[], body: Record<string, unknown>, limit: number, fallback?: number) {
  const max = body.MaxResults;
  if (
    max !== undefined &&
    (!Number.isInteger(max) || (max as number) < 1 || (max as number) > limit)
  ) {
    throw invalidInput(`MaxResults must be between 1 and ${limit}`);
  }
  const size = (max as number | undefined) ?? fallback ?? limit;
  let start = 0;
  if (body.NextToken !== undefined) {
    const decoded = Number(Buffer.from(String(body.NextToken), 'base64url').toString());
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidInput('The NextToken is invalid');
    start = decoded;
  }
  const slice = items.slice(start, start + size);
  const next =
    start + size < items.length
      ? Buffer.from(String(start + size)).toString('base64url')
      : undefined;
  return { slice, ...(next ? { NextToken: next } : {}) };
}

const byKey = (a: AsffFinding, b: AsffFinding) =>
  findingKey(a.ProductArn, a.Id) < findingKey(b.ProductArn, b.Id) ? -1 : 1;

const getFindings: SecurityHubOperation = (context) => {
  const matches = visible(context).filter(asffFilter(context.body.Filters)).sort(byKey);
  const { slice, ...rest } = page(matches, context.body, 100, context.defaultPageSize);
  return { Findings: slice, ...rest };
};

const WORKFLOW = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'];

/** BatchUpdateFindings: the customer-owned fields of up to 100 findings; misses are reported. */
const batchUpdateFindings: SecurityHubOperation = (context) => {
  const { body, now } = context;
  const identifiers = body.FindingIdentifiers;
  if (!Array.isArray(identifiers) || identifiers.length < 1 || identifiers.length > 100) {
    throw invalidInput('FindingIdentifiers must list 1 to 100 findings');
  }
  const note = body.Note as { Text?: unknown; UpdatedBy?: unknown } | undefined;
  const workflow = body.Workflow as { Status?: unknown } | undefined;
  if (note !== undefined) {
    const ok = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 512;
    if (!ok(note.Text) || !ok(note.UpdatedBy)) {
      throw invalidInput('Note needs Text and UpdatedBy, each 1 to 512 characters');
    }
  }
  if (workflow !== undefined && !WORKFLOW.includes(String(workflow.Status))) {
    throw invalidInput(`Workflow.Status must be one of ${WORKFLOW.join(', ')}`);
  }
  const updates = [
    'Note',
    'Workflow',
    'Severity',
    'VerificationState',
    'Confidence',
    'Criticality',
    'Types',
    'UserDefinedFields',
    'RelatedFindings',
  ];
  if (!updates.some((field) => body[field] !== undefined)) {
    throw invalidInput('At least one field to update must be given');
  }
  const mine = new Set(visibleAll(context).map((f) => findingKey(f.ProductArn, f.Id)));
  const processed: unknown[] = [];
  const unprocessed: unknown[] = [];
  const seen = new Set<string>();
  for (const raw of identifiers as Array<{ Id?: unknown; ProductArn?: unknown }>) {
    const identifier = { Id: String(raw.Id ?? ''), ProductArn: String(raw.ProductArn ?? '') };
    const key = findingKey(identifier.ProductArn, identifier.Id);
    const finding = context.state.findings.get(key);
    if (seen.has(key)) {
      unprocessed.push({
        FindingIdentifier: identifier,
        ErrorCode: 'DuplicatedFindingIdentifier',
        ErrorMessage: 'Duplicated finding identifier',
      });
      continue;
    }
    seen.add(key);
    if (!finding || !mine.has(key)) {
      unprocessed.push({
        FindingIdentifier: identifier,
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'Finding Not Found',
      });
      continue;
    }
    if (note)
      finding.Note = {
        Text: String(note.Text),
        UpdatedBy: String(note.UpdatedBy),
        UpdatedAt: now.toISOString(),
      };
    if (workflow) {
      finding.Workflow = { Status: workflow.Status as AsffFinding['Workflow']['Status'] };
      finding.WorkflowState =
        workflow.Status === 'NEW'
          ? 'NEW'
          : workflow.Status === 'RESOLVED'
            ? 'RESOLVED'
            : 'ASSIGNED';
    }
    finding.UpdatedAt = now.toISOString();
    processed.push(identifier);
  }
  return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
};

/** The findings a caller may update are the ones it may read, in the Region it calls. */
const visibleAll = visible;

const getFindingsV2: SecurityHubOperation = (context) => {
  const { state, body } = context;
  const documents = visible(context)
    .sort(byKey)
    .map((finding) =>
      toOcsf(finding, state.comments.get(findingKey(finding.ProductArn, finding.Id))),
    )
    .filter(ocsfFilter(body.Filters));
  const { slice, ...rest } = page(documents, body, 100, context.defaultPageSize);
  return { Findings: slice, ...rest };
};

const STATUS_BY_ID: Record<number, AsffFinding['Workflow']['Status']> = Object.fromEntries(
  Object.entries(STATUS_IDS).map(([status, id]) => [id, status]),
) as Record<number, AsffFinding['Workflow']['Status']>;

/** BatchUpdateFindingsV2: status, severity and a comment, by metadata.uid or by identifier. */
const batchUpdateFindingsV2: SecurityHubOperation = (context) => {
  const { body, state, now } = context;
  const uids = body.MetadataUids as unknown[] | undefined;
  const identifiers = body.FindingIdentifiers as Array<Record<string, unknown>> | undefined;
  if ((!uids || uids.length === 0) && (!identifiers || identifiers.length === 0)) {
    throw validation('Provide MetadataUids or FindingIdentifiers');
  }
  if ((uids?.length ?? 0) + (identifiers?.length ?? 0) > 100) {
    throw validation('At most 100 findings can be updated at once');
  }
  const { Comment, StatusId, SeverityId } = body;
  if (Comment === undefined && StatusId === undefined && SeverityId === undefined) {
    throw validation('Provide at least one of Comment, StatusId and SeverityId');
  }
  if (
    Comment !== undefined &&
    (typeof Comment !== 'string' || Comment.length < 1 || Comment.length > 512)
  ) {
    throw validation('Comment must be 1 to 512 characters');
  }
  if (StatusId !== undefined && !(Number(StatusId) in STATUS_BY_ID) && StatusId !== 5) {
    throw validation(
      'StatusId must be 1 (New), 2 (In Progress), 3 (Suppressed), 4 (Resolved) or 5 (Archived)',
    );
  }
  const mine = visibleAll(context);
  const apply = (finding: AsffFinding) => {
    const key = findingKey(finding.ProductArn, finding.Id);
    if (typeof Comment === 'string') state.comments.set(key, Comment);
    if (StatusId === 5) finding.RecordState = 'ARCHIVED';
    else if (StatusId !== undefined)
      finding.Workflow = {
        Status: STATUS_BY_ID[Number(StatusId)] as AsffFinding['Workflow']['Status'],
      };
    finding.UpdatedAt = now.toISOString();
  };
  const processed: unknown[] = [];
  const unprocessed: unknown[] = [];
  for (const uid of uids ?? []) {
    const finding = mine.find((candidate) => candidate.Id === uid);
    if (!finding) {
      unprocessed.push({
        MetadataUid: uid,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: 'The finding was not found',
      });
      continue;
    }
    apply(finding);
    processed.push({ MetadataUid: uid });
  }
  for (const identifier of identifiers ?? []) {
    const finding = mine.find(
      (candidate) =>
        candidate.AwsAccountId === identifier.CloudAccountUid &&
        candidate.Id === identifier.FindingInfoUid &&
        candidate.ProductArn === identifier.MetadataProductUid,
    );
    if (!finding) {
      unprocessed.push({
        FindingIdentifier: identifier,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: 'The finding was not found',
      });
      continue;
    }
    apply(finding);
    processed.push({ FindingIdentifier: identifier });
  }
  return { ProcessedFindings: processed, UnprocessedFindings: unprocessed };
};

/** Method, path and operation, as @aws-sdk/client-securityhub binds them. */
export const BINDINGS: Array<[string, string, string, SecurityHubOperation]> = [
  ['GetFindings', 'POST', '/findings', getFindings],
  ['BatchUpdateFindings', 'PATCH', '/findings/batchupdate', batchUpdateFindings],
  ['GetFindingsV2', 'POST', '/findingsv2', getFindingsV2],
  ['BatchUpdateFindingsV2', 'PATCH', '/findingsv2/batchupdatev2', batchUpdateFindingsV2],
];
