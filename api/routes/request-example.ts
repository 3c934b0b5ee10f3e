import type { TObject } from 'typebox';

/**
 * The body schema with one example request made of its fields' own examples. Swagger UI fills
 * "Try it out" from a body-level example when there is one; without it, it makes up a value for
 * every field from its pattern, which for `planId` is a random plan id that no dry run offered,
 * so the pre-filled request would be refused. Fields without an example (planId) stay out.
 */
export function withRequestExample<Schema extends TObject>(schema: Schema): Schema {
  const sample: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const examples = (field as { examples?: unknown[] }).examples;
    if (Array.isArray(examples) && examples.length > 0) sample[name] = examples[0];
  }
  return { ...schema, examples: [sample] };
}
