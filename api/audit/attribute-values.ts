import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Plain values to DynamoDB attribute values and back (what @aws-sdk/util-dynamodb does, which
 * this project does not depend on). Covers what audit entries hold: strings, finite numbers,
 * booleans, null, lists and maps. Undefined object members are dropped, as JSON does.
 */
export type Item = Record<string, AttributeValue>;

export function toAttribute(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot store the number ${value}`);
    return { N: String(value) };
  }
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  if (typeof value === 'object') return { M: toItem(value as Record<string, unknown>) };
  throw new TypeError(`cannot store a ${typeof value}`);
}

export function toItem(value: Record<string, unknown>): Item {
  const item: Item = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) item[key] = toAttribute(member);
  }
  return item;
}

export function fromAttribute(attribute: AttributeValue): unknown {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.NULL !== undefined) return null;
  if (attribute.L !== undefined) return attribute.L.map(fromAttribute);
  if (attribute.M !== undefined) return fromItem(attribute.M);
  if (attribute.SS !== undefined) return [...attribute.SS];
  if (attribute.NS !== undefined) return attribute.NS.map(Number);
  // Binary and binary sets never appear in entries this service writes.
  return null;
}

export function fromItem(item: Item): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [key, fromAttribute(value)]),
  );
}
