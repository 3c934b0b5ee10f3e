/** Longest input text kept in an intent record; a chat form's body is far shorter. */
const MAX_CHARS = 4096;
/** DynamoDB refuses nesting deeper than 32 levels; the text form keeps far fewer. */
const MAX_DEPTH = 8;
/** Index keys (account, resource id) must stay far below DynamoDB's 2,048-byte key limit. */
const MAX_KEY_CHARS = 256;

/**
 * A request body as the trail keeps it: canonical JSON text, bounded in length and depth, so any
 * body (even one a schema would reject: `1e400` parses to Infinity, which DynamoDB cannot store)
 * is recorded. Refused attempts are recorded before validation, so this must never throw.
 */
export function recordedInput(body: unknown): string {
  const text = bounded(body, 0);
  return text.length <= MAX_CHARS
    ? text
    : `${text.slice(0, MAX_CHARS)}… (truncated from ${text.length} characters)`;
}

/** The recorded text back as an object when it was complete JSON; undefined otherwise. */
export function parsedInput(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A value fit for an index key: a non-empty string of bounded length, or the fallback. */
export function keyText(value: unknown, fallback = 'unknown'): string {
  if (typeof value !== 'string' || value === '') return fallback;
  return value.length > MAX_KEY_CHARS ? `${value.slice(0, MAX_KEY_CHARS)}…` : value;
}

function bounded(value: unknown, depth: number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${value}"`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (depth >= MAX_DEPTH) return '"…"';
  if (Array.isArray(value)) return `[${value.map((item) => bounded(item, depth + 1)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${bounded(item, depth + 1)}`).join(',')}}`;
}
