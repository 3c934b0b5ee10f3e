import { invalidInput, validation } from './errors.js';
import type { AsffFinding } from './state.js';

interface StringFilter {
  Value?: string;
  Comparison?: string;
}

const COMPARISONS = [
  'EQUALS',
  'PREFIX',
  'NOT_EQUALS',
  'PREFIX_NOT_EQUALS',
  'CONTAINS',
  'NOT_CONTAINS',
] as const;

/** The ASFF filter fields the sandbox answers, and where each reads in a finding. */
const ASFF_FIELDS: Record<string, (finding: AsffFinding) => unknown[]> = {
  Id: (f) => [f.Id],
  ProductArn: (f) => [f.ProductArn],
  ProductName: (f) => [f.ProductName],
  AwsAccountId: (f) => [f.AwsAccountId],
  Region: (f) => [f.Region],
  GeneratorId: (f) => [f.GeneratorId],
  Type: (f) => f.Types,
  Title: (f) => [f.Title],
  SeverityLabel: (f) => [f.Severity.Label],
  WorkflowStatus: (f) => [f.Workflow.Status],
  RecordState: (f) => [f.RecordState],
  ComplianceStatus: (f) => [f.Compliance?.Status],
  ComplianceSecurityControlId: (f) => [f.Compliance?.SecurityControlId],
  ResourceId: (f) => f.Resources.map((r) => r.Id),
  ResourceType: (f) => f.Resources.map((r) => r.Type),
};

/**
 * One string filter list, as Security Hub applies it: positive comparisons (EQUALS, PREFIX,
 * CONTAINS) are ORed, negative ones (NOT_...) are ANDed, and both kinds must hold.
 */
function matchesList(
  values: unknown[],
  filters: StringFilter[],
  bad: (m: string) => Error,
): boolean {
  const texts = values.filter((v): v is string => typeof v === 'string');
  const positive: boolean[] = [];
  for (const filter of filters) {
    const comparison = filter.Comparison ?? '';
    if (
      !(COMPARISONS as readonly string[]).includes(comparison) ||
      typeof filter.Value !== 'string'
    ) {
      throw bad(`Invalid string filter: ${JSON.stringify(filter)}`);
    }
    const value = filter.Value;
    const test = (text: string) =>
      comparison.includes('PREFIX')
        ? text.startsWith(value)
        : comparison.includes('CONTAINS')
          ? text.includes(value)
          : text === value;
    if (comparison.startsWith('NOT_') || comparison === 'PREFIX_NOT_EQUALS') {
      if (texts.some(test)) return false;
    } else {
      positive.push(texts.some(test));
    }
  }
  return positive.length === 0 || positive.some(Boolean);
}

/** GetFindings' `Filters`: every named field must match. */
export function asffFilter(filters: unknown): (finding: AsffFinding) => boolean {
  if (filters === undefined) return () => true;
  if (typeof filters !== 'object' || filters === null)
    throw invalidInput('Filters must be an object');
  const tests = Object.entries(filters as Record<string, unknown>).map(([name, list]) => {
    const read = ASFF_FIELDS[name];
    if (!read) throw invalidInput(`The sandbox does not filter findings on ${name}`);
    if (!Array.isArray(list)) throw invalidInput(`Filters.${name} must be a list`);
    return (finding: AsffFinding) =>
      matchesList(read(finding), list as StringFilter[], invalidInput);
  });
  return (finding) => tests.every((test) => test(finding));
}

/** Reads a dotted OCSF field; lists along the way are flattened, as Security Hub matches them. */
function valuesAt(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const step of path.split('.')) {
    current = current.flatMap((node) => {
      const value = (node as Record<string, unknown> | undefined)?.[step];
      return Array.isArray(value) ? value : value === undefined ? [] : [value];
    });
  }
  return current;
}

interface CompositeFilter {
  StringFilters?: Array<{ FieldName?: string; Filter?: StringFilter }>;
  NestedCompositeFilters?: CompositeFilter[];
  Operator?: 'AND' | 'OR';
}

/** GetFindingsV2's `Filters`: composite filters of string filters on OCSF fields. */
export function ocsfFilter(filters: unknown): (document: Record<string, unknown>) => boolean {
  if (filters === undefined) return () => true;
  const { CompositeFilters = [], CompositeOperator = 'AND' } = filters as {
    CompositeFilters?: CompositeFilter[];
    CompositeOperator?: string;
  };
  type Test = (document: Record<string, unknown>) => boolean;
  const composite = (filter: CompositeFilter): Test => {
    const parts: Test[] = [
      ...(filter.StringFilters ?? []).map((entry) => {
        if (!entry.FieldName || !entry.Filter) {
          throw validation('Each string filter needs a FieldName and a Filter');
        }
        const { FieldName, Filter } = entry;
        return (document: Record<string, unknown>) =>
          matchesList(valuesAt(document, FieldName), [Filter], validation);
      }),
      ...(filter.NestedCompositeFilters ?? []).map(composite),
    ];
    return (document: Record<string, unknown>) =>
      filter.Operator === 'OR'
        ? parts.some((part) => part(document))
        : parts.every((part) => part(document));
  };
  const tests = CompositeFilters.map(composite);
  return (document) =>
    CompositeOperator === 'OR' ? tests.some((t) => t(document)) : tests.every((t) => t(document));
}
