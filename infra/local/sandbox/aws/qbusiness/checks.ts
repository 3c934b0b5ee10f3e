import type { Problems } from './errors.js';

/** Field checks worded like the service's constraint messages; each adds to `problems`. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(
  problems: Problems,
  name: string,
  value: unknown,
  rule: { required?: boolean; min?: number; max?: number; pattern?: RegExp } = {},
): string | undefined {
  if (value === undefined || value === null) {
    if (rule.required) problems.add(name, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(name, 'Member must be a string');
    return undefined;
  }
  const length = [...value].length;
  if (rule.min !== undefined && length < rule.min) {
    problems.add(name, `Member must have length greater than or equal to ${rule.min}`);
  } else if (rule.max !== undefined && length > rule.max) {
    problems.add(name, `Member must have length less than or equal to ${rule.max}`);
  } else if (rule.pattern && !rule.pattern.test(value)) {
    problems.add(name, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  }
  return value;
}

export function oneOf<T extends string>(
  problems: Problems,
  name: string,
  value: unknown,
  allowed: readonly T[],
  required = false,
): T | undefined {
  if (value === undefined || value === null) {
    if (required) problems.add(name, 'Member must not be null');
    return undefined;
  }
  if (!allowed.includes(value as T)) {
    problems.add(name, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    return undefined;
  }
  return value as T;
}

/** A union (tagged structure): exactly one member may be set. */
export function unionMember(
  problems: Problems,
  name: string,
  value: unknown,
  members: readonly string[],
): string | undefined {
  if (!isObject(value)) {
    problems.add(name, 'Member must not be null');
    return undefined;
  }
  const set = Object.keys(value).filter((key) => value[key] !== undefined && value[key] !== null);
  const unknown = set.filter((key) => !members.includes(key));
  if (unknown.length > 0) {
    problems.add(
      name,
      `Unknown member ${unknown.join(', ')}; expected one of ${members.join(', ')}`,
    );
    return undefined;
  }
  if (set.length !== 1) {
    problems.add(
      name,
      `Exactly one of ${members.join(', ')} must be set, found ${set.length === 0 ? 'none' : set.join(' and ')}`,
    );
    return undefined;
  }
  return set[0];
}

/** The ARN shapes the service's patterns accept. */
export const ROLE_ARN = /^arn:[a-z0-9-.]{1,63}:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
export const SECRET_ARN = /^arn:[a-z0-9-.]{1,63}:secretsmanager:[a-z0-9-]+:\d{12}:secret:.{1,512}$/;
export const URL_PATTERN = /^(https?|ftp|file):\/\/([^\s]*)$/;
export const ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]{35}$/;
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
