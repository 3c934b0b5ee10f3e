import { QueryError } from './query-error.js';

/**
 * Read access to a query-protocol request body. Lists arrive flattened (`GroupId.1`, EC2) or
 * wrapped (`Tags.member.1.Key`, awsQuery); `list` and `strings` accept both, so one reader serves
 * EC2, IAM and STS. A view can be scoped to one list element (`IpPermissions.2.`).
 */
export class QueryParams {
  constructor(
    private readonly all: ReadonlyMap<string, string>,
    private readonly prefix = '',
  ) {}

  static parse(body: string): QueryParams {
    return new QueryParams(new Map(new URLSearchParams(body)));
  }

  get(name: string): string | undefined {
    return this.all.get(this.prefix + name);
  }

  has(name: string): boolean {
    const key = this.prefix + name;
    for (const candidate of this.all.keys()) {
      if (candidate === key || candidate.startsWith(`${key}.`)) return true;
    }
    return false;
  }

  /** EC2's answer to a missing required parameter; awsQuery services validate on their own. */
  require(name: string): string {
    const value = this.get(name);
    if (value === undefined || value === '') {
      throw new QueryError('MissingParameter', `The request must contain the parameter ${name}`);
    }
    return value;
  }

  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value)) {
      throw new QueryError('InvalidParameterValue', `Invalid value '${raw}' for ${name}`);
    }
    return value;
  }

  bool(name: string): boolean {
    return this.get(name)?.toLowerCase() === 'true';
  }

  /** Elements of a list of structures, in index order. */
  list(name: string): QueryParams[] {
    return this.indices(name).map(
      ([index, wrapped]) =>
        new QueryParams(this.all, `${this.prefix}${name}.${wrapped ? 'member.' : ''}${index}.`),
    );
  }

  /** Values of a list of strings, in index order. */
  strings(name: string): string[] {
    return this.indices(name)
      .map(([index, wrapped]) => this.get(`${name}.${wrapped ? 'member.' : ''}${index}`))
      .filter((value): value is string => value !== undefined);
  }

  /** Every parameter under this view, for the call log. */
  toRecord(): Record<string, string> {
    const record: Record<string, string> = {};
    for (const [key, value] of this.all) {
      if (key.startsWith(this.prefix)) record[key.slice(this.prefix.length)] = value;
    }
    return record;
  }

  private indices(name: string): Array<[number, boolean]> {
    const base = `${this.prefix}${name}.`;
    const found = new Map<number, boolean>();
    for (const key of this.all.keys()) {
      if (!key.startsWith(base)) continue;
      let rest = key.slice(base.length);
      const wrapped = rest.startsWith('member.');
      if (wrapped) rest = rest.slice('member.'.length);
      const index = Number(rest.split('.')[0]);
      if (Number.isInteger(index) && index > 0) found.set(index, wrapped);
    }
    return [...found.entries()].sort((a, b) => a[0] - b[0]);
  }
}
