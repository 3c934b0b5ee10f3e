import { AjvCompiler } from '@fastify/ajv-compiler';
import type { TObject } from 'typebox';
import { VENDOR_KEYWORDS } from './app.js';
import { validationMessage } from './validation-message.js';

type Issues = Parameters<typeof validationMessage>[0];
type Validate = ((data: unknown) => boolean) & { errors?: Issues | null };

/*
 * The validator the HTTP door builds for a JSON body (Fastify's ajv compiler, with its formats and
 * the app's options, no type coercion), for the doors whose arguments Fastify does not see (MCP
 * tools, Bedrock action groups), so a bad field is refused in the same words everywhere.
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
const validators = new WeakMap<TObject, Validate>();

/**
 * Checks `input` against `schema` and fills in its defaults; the words of a 400 naming every bad
 * field, or undefined when the input is valid. `context` names what was checked.
 */
export function invalidInput(
  schema: TObject,
  input: Record<string, unknown>,
  context: string,
): string | undefined {
  let validate = validators.get(schema);
  if (!validate) {
    // Fastify's compiler types model neither the route description it takes nor the `errors`
    // ajv leaves on the function after a failure.
    validate = compile({ schema, method: 'POST', url: '', httpPart: 'body' } as never) as Validate;
    validators.set(schema, validate);
  }
  if (validate(input) === true) return undefined;
  return validationMessage(validate.errors ?? [], context);
}
