import type { QueryContext } from '../query.js';
import { QueryError, validationError } from '../query-error.js';

/**
 * Without MaxItems AWS returns up to 100 items; the sandbox returns 3, so callers that ignore
 * `IsTruncated`/`Marker` miss items in tests instead of in production. The page-size knob
 * (`knobs.setPageSize(action, n)`) changes it per action.
 */
export const IAM_DEFAULT_PAGE_SIZE = 3;

export interface Page<T> {
  items: T[];
  /** The awsQuery paging members, ready to spread into a result. */
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * Pages by key, not by offset: the marker names the last key returned, so a caller that deletes
 * what it just listed and then asks for the next page neither skips nor repeats anything.
 *
 * An explicit MaxItems is honoured, except that a page-size knob caps it: AWS documents that IAM
 * may answer fewer items than MaxItems while more remain, and the knob makes that reproducible.
 */
export function paginate<T>(
  context: QueryContext,
  items: T[],
  keyOf: (item: T) => string,
): Page<T> {
  const { params, action } = context;
  const maxItems = params.int('MaxItems');
  if (maxItems !== undefined && (maxItems < 1 || maxItems > 1000)) {
    const bound = maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000';
    throw validationError([
      `Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`,
    ]);
  }
  const knob = context.defaultPageSize;
  const size =
    maxItems === undefined ? (knob ?? IAM_DEFAULT_PAGE_SIZE) : Math.min(maxItems, knob ?? maxItems);
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const marker = params.get('Marker');
  const after = marker === undefined ? undefined : readMarker(marker, action);
  const rest =
    after === undefined ? sorted : sorted.filter((item) => compare(keyOf(item), after) > 0);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  const truncated = rest.length > page.length && last !== undefined;
  return {
    items: page,
    IsTruncated: truncated,
    Marker: truncated ? writeMarker(action, keyOf(last)) : undefined,
  };
}

/** The list unpaged, for calls AWS does not page (ListServiceSpecificCredentials without MaxItems). */
export function everything<T>(items: T[]): Page<T> {
  return { items, IsTruncated: false };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function writeMarker(action: string, after: string): string {
  return Buffer.from(JSON.stringify({ action, after })).toString('base64url');
}

function readMarker(marker: string, action: string): string {
  try {
    const value = JSON.parse(Buffer.from(marker, 'base64url').toString());
    if (value.action === action && typeof value.after === 'string') return value.after;
  } catch {
    // fall through to the answer for a marker the sandbox did not issue
  }
  throw new QueryError('ValidationError', 'Invalid Marker.');
}
