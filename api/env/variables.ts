import { type TArray, type TInteger, type TOptional, type TString, Type } from 'typebox';

/**
 * How an environment variable is declared: a TypeBox schema whose `default` is the value when the
 * variable is unset or blank. The schema is the single statement of what is valid; `EnvReader`
 * turns the text into the declared type, checks it with TypeBox and words the problem.
 */
export const variable = {
  /** Text, checked against `pattern` when given. */
  string(fallback: string, pattern?: RegExp): TString {
    return Type.String({ default: fallback, ...(pattern ? { pattern: pattern.source } : {}) });
  },

  /** A whole number from `minimum` to `maximum`. */
  integer(fallback: number, minimum: number, maximum: number): TInteger {
    return Type.Integer({ default: fallback, minimum, maximum });
  },

  /** An http(s) URL, read without trailing slashes so paths can be appended. */
  url(fallback: string): TString {
    return Type.String({ default: fallback, ...URL_KEYWORDS });
  },

  /** An http(s) URL that may stay unset (then the value is undefined). */
  optionalUrl(): TOptional<TString> {
    return Type.Optional(Type.String(URL_KEYWORDS));
  },

  /** Text that may stay unset (then the value is undefined), checked against `pattern`. */
  optionalString(pattern: RegExp): TOptional<TString> {
    return Type.Optional(Type.String({ pattern: pattern.source }));
  },

  /** Comma-separated values, at least one, each checked against `pattern` when given. */
  list(fallback: string, pattern?: RegExp): TArray<TString> {
    return Type.Array(Type.String(pattern ? { pattern: pattern.source } : {}), {
      default: fallback.split(','),
      minItems: 1,
    });
  },

  /** Text that must be set; `because` completes "<NAME> is required ...". */
  required(pattern: RegExp, because: string): TString {
    return Type.String({ pattern: pattern.source, description: because });
  },
};

// `format: 'url'` alone would accept ftp: or mailto:; the service only ever fetches http(s).
const URL_KEYWORDS = { format: 'url', pattern: '^https?://' } as const;

/** True for schemas made by `variable.url` or `variable.optionalUrl`. */
export function isUrl(schema: TString): boolean {
  return (schema as { format?: string }).format === URL_KEYWORDS.format;
}
