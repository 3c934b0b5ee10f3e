import { type ParserOptions, validate } from '@readme/openapi-parser';

type Document = Parameters<typeof validate>[0];

/** Report every problem, not the first, and as plain text for a terminal or a test message. */
const OPTIONS: ParserOptions = { validate: { errors: { colorize: false } } };

/**
 * Whether the document is a well-formed OpenAPI document: checked against the OpenAPI 3.0 schema
 * and the specification's own rules (unique operation ids, path parameters declared, ...) by a
 * maintained parser, before plugin-rules.ts checks what the assistants add on top.
 */
export async function checkStructure(document: object): Promise<string[]> {
  // The parser resolves references in place; the caller's document stays as generated.
  const result = await validate(structuredClone(document) as Document, OPTIONS);
  return result.valid ? [] : result.errors.map((error) => error.message.trim());
}
