import type { QueryContext } from '../query.js';
import { QueryError } from '../query-error.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Pages by id rather than by offset: the token names the last id returned, so rules revoked
 * between two pages do not make the caller skip the ones that follow, which is how a cursor over
 * a sorted index behaves.
 */
export function paginate<T>(context: QueryContext, items: T[], idOf: (item: T) => string): Page<T> {
  const { params, action } = context;
  const maxResults = params.int('MaxResults');
  if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000)) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.`,
    );
  }
  const size = maxResults ?? context.defaultPageSize ?? Number.POSITIVE_INFINITY;
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const token = params.get('NextToken');
  const after = token ? readToken(token, action) : undefined;
  const start = after === undefined ? 0 : sorted.findIndex((item) => idOf(item) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  const more = rest.length > page.length && last !== undefined;
  return { items: page, nextToken: more ? writeToken(action, idOf(last)) : undefined };
}

function writeToken(action: string, after: string): string {
  return Buffer.from(JSON.stringify({ action, after })).toString('base64url');
}

function readToken(token: string, action: string): string {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (value.action === action && typeof value.after === 'string') return value.after;
  } catch {
    // fall through to AWS's answer for a token it did not issue
  }
  throw new QueryError(
    'InvalidPaginationToken',
    'The specified pagination token is not valid or is expired.',
  );
}
