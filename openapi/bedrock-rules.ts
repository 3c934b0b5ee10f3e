/**
 * The rules an action group's OpenAPI document must meet for Amazon Bedrock Agents
 * (../shared/reference/agent-front-doors.md): `openapi` 3.0.0; every operation with an
 * operationId, a description, its input (parameters or a JSON body) and responses; no `enum`; no
 * composition keywords; at most 11 operations; every change asks the user to confirm. Returns
 * every broken rule as a sentence naming where it is broken.
 */
type Node = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const FORBIDDEN = ['enum', 'allOf', 'oneOf', 'anyOf', 'not'];
export const MAX_BEDROCK_OPERATIONS = 11;

export function checkBedrockRules(document: Node, name = 'action group'): string[] {
  const problems: string[] = [];
  if (document.openapi !== '3.0.0') {
    problems.push(`${name}: openapi must be "3.0.0", found "${String(document.openapi)}"`);
  }
  const operations = Object.entries((document.paths ?? {}) as Record<string, Node>).flatMap(
    ([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method,
        where: `${name}: ${method.toUpperCase()} ${path}`,
        operation: item[method] as Node,
      })),
  );
  if (operations.length < 1 || operations.length > MAX_BEDROCK_OPERATIONS) {
    problems.push(
      `${name}: an action group takes 1 to ${MAX_BEDROCK_OPERATIONS} operations, the document has ${operations.length}`,
    );
  }
  for (const { method, where, operation } of operations) {
    if (typeof operation.operationId !== 'string' || !operation.operationId) {
      problems.push(`${where} has no operationId`);
    }
    if (typeof operation.description !== 'string' || !operation.description.trim()) {
      problems.push(`${where} has no description`);
    }
    if (!operation.parameters && !operation.requestBody) {
      problems.push(`${where} declares neither parameters nor a request body`);
    }
    const responses = operation.responses as Node | undefined;
    if (!responses || Object.keys(responses).length === 0)
      problems.push(`${where} has no responses`);
    const body = (operation.requestBody as Node | undefined)?.content as Node | undefined;
    if (body && Object.keys(body).some((type) => type !== 'application/json')) {
      problems.push(`${where} request body must be application/json only`);
    }
    if (method !== 'get' && operation['x-requireConfirmation'] !== 'ENABLED') {
      problems.push(`${where} changes something but does not set x-requireConfirmation: ENABLED`);
    }
  }
  walk(document, '#', (node, path) => {
    for (const keyword of FORBIDDEN) {
      if (keyword in node && !isPropertyMap(path)) {
        problems.push(`${name}: ${path} uses "${keyword}", which Bedrock Agents reject`);
      }
    }
  });
  return problems;
}

/** A `properties` map may name a field "not" or "enum"; that is a field, not a keyword. */
function isPropertyMap(path: string): boolean {
  return path.endsWith('/properties');
}

function walk(node: unknown, path: string, visit: (node: Node, path: string) => void) {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walk(item, `${path}/${index}`, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Node, path);
    for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`, visit);
  }
}
