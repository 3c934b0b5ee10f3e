import { AjvCompiler } from '@fastify/ajv-compiler';
import type { Action } from '../actions/define.js';
import { VENDOR_KEYWORDS } from '../app.js';
import { InputError } from '../errors.js';
import { validationMessage } from '../validation-message.js';
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

/*
 * The same validator the HTTP door builds for a JSON body (Fastify's ajv compiler with the app's
 * options, no type coercion), so a bad field is refused in the same words.
 */
const compile = AjvCompiler()(
  {},
  {
    customOptions: {
      removeAdditional: false,
      keywords: VENDOR_KEYWORDS,
      allErrors: true,
      verbose: true,
      coerceTypes: false,
    },
  },
);
const validators = new WeakMap<Action, ReturnType<typeof compile>>();

/** Validates (and fills defaults into) `input`; throws InputError naming every bad field. */
export function assertValid(action: Action, input: Record<string, unknown>): void {
  let validate = validators.get(action);
  if (!validate) {
    validate = compile({
      schema: action.input,
      method: action.kind === 'read' ? 'GET' : 'POST',
      url: action.path,
      httpPart: 'body',
    });
    validators.set(action, validate);
  }
  if (validate(input) === true) return;
  // Fastify's compiler type omits the `errors` ajv leaves on the function after a failure.
  const errors = (validate as unknown as { errors?: Parameters<typeof validationMessage>[0] })
    .errors;
  throw new InputError(validationMessage(errors ?? [], 'input'));
}
