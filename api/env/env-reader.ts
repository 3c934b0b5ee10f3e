import { type Static, type TObject, type TProperties, type TSchema, Type } from 'typebox';
import { Check } from 'typebox/schema';
import { isUrl } from './variables.js';

export type Env = Record<string, string | undefined>;

/** The JSON Schema keywords `variable.*` sets; TypeBox's types do not expose them. */
type Keywords = {
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
};

/**
 * Reads variables declared with `variable.*` (TypeBox schemas) from one environment. Every problem
 * is collected before anything fails, so one start names all the wrong variables at once; a wrong
 * variable reads as its default meanwhile, so the defaults derived from it do not fail as well.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** The variable's text, trimmed; undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** The declared variables, typed by their schemas (optional ones may be absent). */
  read<V extends TProperties>(variables: V): Static<TObject<V>> {
    const values: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(variables)) {
      const value = this.one(name, schema);
      if (value !== undefined) values[name] = value;
    }
    return values as Static<TObject<V>>;
  }

  /** Throws what `toError` makes of the problems (one "  - " line each), if there are any. */
  throwIfInvalid(toError: (problems: string) => Error): void {
    if (this.problems.length > 0) {
      throw toError(this.problems.map((problem) => `  - ${problem}`).join('\n'));
    }
  }

  private one(name: string, schema: TSchema): unknown {
    const raw = this.raw(name);
    const fallback = (schema as Keywords).default;
    if (raw === undefined && fallback === undefined) {
      const because = (schema as Keywords).description;
      if (!Type.IsOptional(schema)) this.problems.push(`${name} is required ${because}`);
      return undefined;
    }
    const value = raw === undefined ? fallback : fromText(schema, raw);
    if (Check(schema, value)) {
      return Type.IsString(schema) && isUrl(schema) ? String(value).replace(/\/+$/, '') : value;
    }
    this.problems.push(...describe(name, schema, raw ?? String(value), value));
    return fallback;
  }
}

/** The declared type from the variable's text; TypeBox then checks it. */
function fromText(schema: TSchema, raw: string): unknown {
  if (Type.IsInteger(schema)) return Number(raw);
  if (Type.IsArray(schema)) {
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  return raw;
}

/** What is wrong, in the words an operator acts on, from the schema's own keywords. */
function describe(name: string, schema: TSchema, shown: string, value: unknown): string[] {
  const { minimum, maximum, pattern } = schema as Keywords;
  if (Type.IsInteger(schema)) {
    return [`${name}="${shown}" must be a whole number from ${minimum} to ${maximum}`];
  }
  if (Type.IsArray(schema)) {
    const items = value as string[];
    if (items.length === 0) return [`${name} must list at least one value`];
    return items
      .filter((item) => !Check(schema.items, item))
      .map(
        (item) => `${name} has "${item}", which must match /${(schema.items as Keywords).pattern}/`,
      );
  }
  if (Type.IsString(schema) && isUrl(schema)) return [`${name}="${shown}" must be an http(s) URL`];
  return [`${name}="${shown}" must match /${pattern}/`];
}
