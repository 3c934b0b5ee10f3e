/**
 * The Amazon Bedrock Agents profile of the API document: one OpenAPI 3.0.0 document per action
 * group, derived from the generated document (itself derived from the registry), so an operation
 * is described once. Bedrock accepts a subset of OpenAPI (../shared/reference/agent-front-doors.md):
 * no `enum` (the allowed values move into the description), no composition keywords, at most 11
 * operations per group, and `x-requireConfirmation: ENABLED` asks the user before a change.
 */
type Node = Record<string, unknown>;

/** Action groups by the tag the HTTP document gives each operation (descriptions: 200 characters at most). */
export const BEDROCK_GROUPS = {
  inspect: {
    tag: 'inspect',
    description:
      'Look at security groups and IAM users in the AWS accounts of the organization; changes nothing.',
  },
  remediate: {
    tag: 'remediate',
    description:
      'Close ports open to the internet, contain compromised IAM users and roles, and undo an earlier remediation. Every change asks the user to confirm and can be previewed with dryRun.',
  },
  bulk: {
    tag: 'bulk',
    description:
      'Close a port on many security groups across accounts and Regions as one job: start it (preview with dryRun first), follow it, cancel it, undo it. Changes ask the user to confirm.',
  },
} as const;

export type BedrockGroup = keyof typeof BEDROCK_GROUPS;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Statuses the Bedrock handler answers (api/bedrock/); the gateway-only ones are left out. */
const STATUSES = ['200', '400', '401', '403', '500', '503'];

/** Every action group's document, keyed by group name. */
export function bedrockDocuments(document: Node): Record<BedrockGroup, Node> {
  const entries = Object.entries(BEDROCK_GROUPS).map(([name, group]) => [
    name,
    groupDocument(document, name, group.tag, group.description),
  ]);
  return Object.fromEntries(entries) as Record<BedrockGroup, Node>;
}

function groupDocument(document: Node, name: string, tag: string, description: string): Node {
  const info = (document.info ?? {}) as Node;
  const paths: Record<string, Node> = {};
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Node>)) {
    for (const method of METHODS) {
      const operation = item[method] as Node | undefined;
      if (!operation || !(operation.tags as string[] | undefined)?.includes(tag)) continue;
      paths[path] = { ...(paths[path] ?? {}), [method]: bedrockOperation(method, operation) };
    }
  }
  return {
    openapi: '3.0.0',
    info: {
      title: `${String(info.title ?? 'API')}: ${name}`,
      version: String(info.version ?? '1.0.0'),
      description,
    },
    paths,
  };
}

function bedrockOperation(method: string, operation: Node): Node {
  const parameters = ((operation.parameters ?? []) as Node[])
    // The Idempotency-Key header is HTTP's; an agent's retry is a new request.
    .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
    .map((parameter) => ({
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      description: withAllowedValues(String(parameter.description ?? ''), parameter.schema),
      schema: bedrockSchema(parameter.schema),
    }));
  const body = (operation.requestBody as Node | undefined)?.content as
    | Record<string, Node>
    | undefined;
  const bodySchema = body?.['application/json']?.schema;
  const responses: Record<string, Node> = {};
  for (const status of STATUSES) {
    const response = ((operation.responses ?? {}) as Record<string, Node>)[status];
    if (!response) continue;
    const schema = ((response.content as Record<string, Node> | undefined)?.['application/json']
      ?.schema ?? undefined) as Node | undefined;
    responses[status] = {
      description: String(response.description ?? status),
      ...(schema
        ? { content: { 'application/json': { schema: bedrockSchema(schema, RESPONSE_DEPTH) } } }
        : {}),
    };
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: operation.description,
    ...(parameters.length ? { parameters } : {}),
    ...(bodySchema
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: bedrockSchema(bodySchema) } },
          },
        }
      : {}),
    responses,
    ...(method === 'get' ? {} : { 'x-requireConfirmation': 'ENABLED' }),
  };
}

/** Schema keywords Bedrock's parser is documented to read; vendor extensions are dropped. */
const KEPT = new Set([
  'type',
  'description',
  'properties',
  'items',
  'required',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'default',
  'format',
  'nullable',
  'additionalProperties',
]);

/**
 * How deep an answer's schema is described. The agent reads the schemas in its prompt; the
 * answer's own fields (summary, outcome, steps, target, ...) are what it needs, while the
 * action-specific `details` below them would triple the document (93 KB for remediate).
 */
const RESPONSE_DEPTH = 3;

/**
 * A copy of `schema` Bedrock accepts: `enum` and `const` become words in the description, and
 * only the keywords in KEPT stay (recursively through properties and items, `depth` levels of
 * them; deeper, a field keeps its type and description).
 */
export function bedrockSchema(schema: unknown, depth = Number.POSITIVE_INFINITY): Node {
  if (!schema || typeof schema !== 'object') return {};
  const source = schema as Node;
  const out: Node = {};
  for (const [key, value] of Object.entries(source)) {
    if (!KEPT.has(key)) continue;
    const nested = key === 'properties' || key === 'items' || key === 'additionalProperties';
    if (nested && depth <= 1 && !(key === 'additionalProperties' && typeof value === 'boolean'))
      continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, property]) => [
          name,
          bedrockSchema(property, depth - 1),
        ]),
      );
    } else if (key === 'items') {
      out.items = bedrockSchema(value, depth - 1);
    } else if (key === 'additionalProperties') {
      if (typeof value === 'boolean') out.additionalProperties = value;
      else out.additionalProperties = bedrockSchema(value, depth - 1);
    } else {
      out[key] = value;
    }
  }
  const described = withAllowedValues(
    typeof source.description === 'string' ? source.description : '',
    source,
  );
  if (described) out.description = described;
  if (!out.type && 'const' in source) out.type = typeof source.const;
  if (!out.type && Array.isArray(source.enum) && source.enum.length > 0)
    out.type = typeof source.enum[0];
  return out;
}

/** "… Allowed values: a, b, c." appended when the schema lists them with enum or const. */
function withAllowedValues(description: string, schema: unknown): string {
  const node = (schema ?? {}) as Node;
  const values = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : [];
  if (values.length === 0) return description;
  const list = values.map((value) => String(value)).join(', ');
  if (description.includes(`Allowed values: ${list}`)) return description;
  const sentence = values.length === 1 ? `Always ${list}.` : `Allowed values: ${list}.`;
  return description ? `${description.replace(/\s*$/, '')} ${sentence}` : sentence;
}
