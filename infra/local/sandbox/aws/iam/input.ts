import type { QueryContext } from '../query.js';
import { validationError } from '../query-error.js';

/** The character set IAM allows in user, role, group and policy names. */
export const NAME_PATTERN = /^[\w+=,.@-]+$/;
const NAME_PATTERN_TEXT = '[\\w+=,.@-]+';

export interface FieldRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** Checked only when the value is present. */
  pattern?: RegExp;
  patternText?: string;
  oneOf?: readonly string[];
}

export const NAME: FieldRule = { min: 1, max: 64, pattern: NAME_PATTERN };
export const REQUIRED_NAME: FieldRule = { ...NAME, required: true };
export const POLICY_NAME: FieldRule = { required: true, min: 1, max: 128, pattern: NAME_PATTERN };
export const POLICY_ARN: FieldRule = { required: true, min: 20, max: 2048 };
export const REQUIRED: FieldRule = { required: true, min: 1 };

/**
 * Reads the named parameters and reports every broken constraint in one ValidationError, as
 * IAM does; member names in the message are the camelCase model names (`userName`).
 */
export function readInput<K extends string>(
  context: QueryContext,
  rules: Record<K, FieldRule>,
): Record<K, string | undefined> {
  const problems: string[] = [];
  const values = {} as Record<K, string | undefined>;
  for (const name of Object.keys(rules) as K[]) {
    const rule = rules[name];
    const value = context.params.get(name);
    values[name] = value;
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    if (value === undefined) {
      if (rule.required) {
        problems.push(
          `Value null at '${member}' failed to satisfy constraint: Member must not be null`,
        );
      }
      continue;
    }
    const at = `Value '${value}' at '${member}' failed to satisfy constraint: Member must`;
    if (rule.min !== undefined && value.length < rule.min) {
      problems.push(`${at} have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      problems.push(`${at} have length less than or equal to ${rule.max}`);
    }
    if (rule.pattern && value.length > 0 && !rule.pattern.test(value)) {
      problems.push(
        `${at} satisfy regular expression pattern: ${rule.patternText ?? NAME_PATTERN_TEXT}`,
      );
    }
    if (rule.oneOf && !rule.oneOf.includes(value)) {
      problems.push(`${at} satisfy enum value set: [${rule.oneOf.join(', ')}]`);
    }
  }
  if (problems.length > 0) throw validationError(problems);
  return values;
}

/** Tags of a Create call (`Tags.member.N.Key`/`Value`). */
export function readTags(context: QueryContext): Array<{ key: string; value: string }> {
  return context.params
    .list('Tags')
    .map((tag) => ({ key: tag.get('Key') ?? '', value: tag.get('Value') ?? '' }));
}
