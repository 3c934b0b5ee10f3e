import type { Tag } from '../../state.js';
import type { QueryParams } from '../params.js';
import { QueryError } from '../query-error.js';

export interface Filter {
  name: string;
  values: string[];
}

/** Filter name → the values an item offers for it; an item matches when any value matches. */
export type FilterFields<T> = Record<string, (item: T) => Array<string | number | undefined>>;

export function readFilters(params: QueryParams): Filter[] {
  return params.list('Filter').map((filter) => ({
    name: filter.get('Name') ?? '',
    values: filter.strings('Value'),
  }));
}

/**
 * EC2 filter semantics: filters are ANDed, values of one filter ORed, `*` and `?` are wildcards,
 * and `tag:<key>`, `tag-key`, `tag-value` work on every taggable resource. An unknown filter
 * name is an error rather than silently matching everything.
 */
export function applyFilters<T>(
  items: T[],
  filters: Filter[],
  fields: FilterFields<T>,
  tagsOf: (item: T) => Tag[],
): T[] {
  const tests = filters.map((filter) => {
    const read = fieldReader(filter.name, fields, tagsOf);
    const patterns = filter.values.map(wildcard);
    return (item: T) =>
      read(item).some(
        (value) => value !== undefined && patterns.some((p) => p.test(String(value))),
      );
  });
  return items.filter((item) => tests.every((test) => test(item)));
}

function fieldReader<T>(name: string, fields: FilterFields<T>, tagsOf: (item: T) => Tag[]) {
  if (name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return (item: T) =>
      tagsOf(item)
        .filter((tag) => tag.key === key)
        .map((tag) => tag.value);
  }
  if (name === 'tag-key') return (item: T) => tagsOf(item).map((tag) => tag.key);
  if (name === 'tag-value') return (item: T) => tagsOf(item).map((tag) => tag.value);
  const field = fields[name];
  if (!field) throw new QueryError('InvalidParameterValue', `The filter '${name}' is invalid`);
  return field;
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 's');
}
