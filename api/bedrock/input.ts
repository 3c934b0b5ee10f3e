import type { Action } from '../actions/define.js';
import { InputError } from '../errors.js';
import { invalidInput } from '../input-validation.js';
import type { BedrockActionGroupEvent, BedrockValue } from './event.js';

type Node = Record<string, unknown>;

/**
 * The action's input from an action-group event: the parameters, and for a write the JSON body's
 * properties, each turned from the text Bedrock sends into the type the action's input schema
 * declares. Only that conversion: "22" becomes 22 for an integer field, "true" true for a
 * boolean; anything else stays text, so validation names the field.
 */
export function inputOf(action: Action, event: BedrockActionGroupEvent): Record<string, unknown> {
  const values: BedrockValue[] = [
    ...(event.parameters ?? []),
    ...(event.requestBody?.content?.['application/json']?.properties ?? []),
  ];
  const properties = (action.input.properties ?? {}) as Record<string, Node>;
  const input: Record<string, unknown> = {};
  for (const { name, value } of values) input[name] = typed(properties[name], value);
  return input;
}

function typed(schema: Node | undefined, value: string): unknown {
  const text = String(value);
  switch (schema?.type) {
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'array':
    case 'object':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** Validates (and fills defaults into) `input`; throws InputError naming every bad field. */
export function assertValid(action: Action, input: Record<string, unknown>): void {
  const invalid = invalidInput(action.input, input, 'input');
  if (invalid) throw new InputError(invalid);
}
