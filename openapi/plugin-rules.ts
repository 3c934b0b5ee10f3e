import { MAX_PLUGIN_OPERATIONS as MAX_OPERATIONS } from './plugin-documents.js';

/**
 * The rules an OpenAPI document must meet to be accepted as an Amazon Q Business custom plugin
 * and an Amazon Quick OpenAPI action connector (../shared/reference/assistant-integration-facts.md).
 * Returns every broken rule as a sentence naming where it is broken.
 */
type Node = Record<string, unknown>;

const COMPOSITION = ['allOf', 'oneOf', 'anyOf', 'not'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const MAX_BYTES = 1024 * 1024;

export function checkPluginRules(document: Node): string[] {
  const problems: string[] = [];
  const version = String(document.openapi ?? '');
  if (!/^3\.0\.\d+$/.test(version)) problems.push(`openapi must be 3.0.x, found "${version}"`);
  const servers = document.servers as Node[] | undefined;
  if (!Array.isArray(servers) || servers.length !== 1 || !servers[0]?.url) {
    problems.push('servers must hold exactly one entry with a url');
  }
  if (JSON.stringify(document).length > MAX_BYTES)
    problems.push('the document is larger than 1 MB');
  checkSecurityScheme(document, problems);
  const operations = Object.entries((document.paths ?? {}) as Record<string, Node>).flatMap(
    ([path, item]) => {
      if (!path.startsWith('/')) problems.push(`path "${path}" must begin with /`);
      return METHODS.filter((method) => item[method]).map((method) => ({
        where: `${method.toUpperCase()} ${path}`,
        operation: item[method] as Node,
      }));
    },
  );
  if (operations.length < 1 || operations.length > MAX_OPERATIONS) {
    problems.push(
      `a plugin takes 1 to ${MAX_OPERATIONS} operations, the document has ${operations.length}`,
    );
  }
  for (const { where, operation } of operations) checkOperation(where, operation, problems);
  walk(document, '#', (node, path) => {
    for (const keyword of COMPOSITION) {
      if (keyword in node) problems.push(`${path} uses "${keyword}", which the assistants reject`);
    }
  });
  return problems;
}

function checkSecurityScheme(document: Node, problems: string[]) {
  const schemes = ((document.components as Node | undefined)?.securitySchemes ?? {}) as Record<
    string,
    Node
  >;
  const oauth = Object.values(schemes).find(
    (scheme) => scheme.type === 'oauth2' && (scheme.flows as Node | undefined)?.authorizationCode,
  );
  if (!oauth)
    problems.push(
      'components.securitySchemes needs an oauth2 scheme with an authorizationCode flow',
    );
}

function checkOperation(where: string, operation: Node, problems: string[]) {
  const description = operation.description;
  if (typeof description !== 'string' || description.trim() === '') {
    problems.push(`${where} has no description`);
  } else if (/https?:\/\//.test(description)) {
    problems.push(`${where} description contains a link`);
  }
  if (typeof operation.operationId !== 'string') problems.push(`${where} has no operationId`);
  if (!operation.responses) problems.push(`${where} has no responses`);
  if (!Array.isArray(operation.security) || operation.security.length === 0) {
    problems.push(`${where} declares no security`);
  }
  const parameters = (operation.parameters ?? []) as Node[];
  if (parameters.length > 10) problems.push(`${where} has more than 10 parameters`);
  for (const parameter of parameters) {
    const name = String(parameter.name ?? '?');
    if (!parameter.name || !parameter.description) {
      problems.push(`${where} parameter "${name}" needs a name and a description`);
    }
    if ((parameter.schema as Node | undefined)?.type === 'array') {
      problems.push(`${where} parameter "${name}" is an array, which the assistants reject`);
    }
  }
  const requestBody = operation.requestBody as Node | undefined;
  if (requestBody) {
    const content = (requestBody.content ?? {}) as Record<string, Node>;
    const types = Object.keys(content);
    if (types.length !== 1 || types[0] !== 'application/json') {
      problems.push(
        `${where} request body must be application/json only, found ${types.join(', ')}`,
      );
    }
    const schema = (content['application/json']?.schema ?? {}) as Node;
    for (const [name, property] of Object.entries(
      (schema.properties ?? {}) as Record<string, Node>,
    )) {
      if (property.type === 'array') problems.push(`${where} body field "${name}" is an array`);
      if (property.type === 'object')
        problems.push(`${where} body field "${name}" is a nested object`);
      if (!property.description) problems.push(`${where} body field "${name}" has no description`);
    }
  }
  for (const [status, response] of Object.entries(
    (operation.responses ?? {}) as Record<string, Node>,
  )) {
    const content = (response.content ?? {}) as Record<string, Node>;
    for (const type of Object.keys(content)) {
      if (type !== 'application/json')
        problems.push(`${where} response ${status} is ${type}, not JSON`);
    }
  }
}

function walk(node: unknown, path: string, visit: (node: Node, path: string) => void) {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) walk(item, `${path}/${index}`, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Node, path);
    for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`, visit);
  }
}
