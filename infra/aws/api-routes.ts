import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The parts of an OpenAPI 3.0 document the infrastructure reads. */
export interface OpenApiDocument {
  servers?: { url: string }[];
  components?: { securitySchemes?: Record<string, Record<string, unknown>> };
  paths: Record<string, Record<string, OpenApiOperation>>;
  [key: string]: unknown;
}

export interface OpenApiOperation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  [key: string]: unknown;
}

export interface ApiRoute {
  path: string;
  method: string;
  operationId?: string;
  /** OAuth scopes API Gateway demands; empty for a public route. */
  scopes: string[];
  /** Query string parameters and whether each is required. */
  query: Record<string, boolean>;
  /** JSON schema of the request body, when the operation takes one. */
  bodySchema?: Record<string, unknown>;
  /**
   * Open at API Gateway because the app authorizes it: the MCP door must answer an
   * unauthenticated request with its own 401 and `WWW-Authenticate: Bearer resource_metadata=...`.
   */
  appAuthorized?: boolean;
}

/**
 * Routes the service serves without a token but hides from the OpenAPI document. Policy pages
 * are opened from citation links in the chat, which carry no token.
 */
export const PUBLIC_ROUTES: ApiRoute[] = [
  { path: '/health', method: 'GET', scopes: [], query: {} },
  { path: '/openapi.json', method: 'GET', scopes: [], query: {} },
  { path: '/policies/{document}', method: 'GET', scopes: [], query: {} },
  // The MCP door (api/mcp/): the app verifies the token on every request, see infra/aws/README.md.
  { path: '/mcp', method: 'POST', scopes: [], query: {}, appAuthorized: true },
  { path: '/mcp', method: 'GET', scopes: [], query: {}, appAuthorized: true },
  { path: '/mcp', method: 'DELETE', scopes: [], query: {}, appAuthorized: true },
  {
    path: '/.well-known/oauth-protected-resource/mcp',
    method: 'GET',
    scopes: [],
    query: {},
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export const OPENAPI_FILE = fileURLToPath(new URL('../../openapi/openapi.json', import.meta.url));

/** The committed document, which `npm run openapi:check` keeps equal to the code. */
export function readOpenApiDocument(file = OPENAPI_FILE): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/**
 * Every operation of the document with the scopes its `security` entry demands. Reading the
 * document rather than the registry covers every route, including ones outside the registry
 * (the audit trail), with the scopes the service itself checks.
 */
export function routesFromOpenApi(document: OpenApiDocument): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const scopes = [
        ...new Set((operation.security ?? []).flatMap((s) => Object.values(s).flat())),
      ];
      if (scopes.length === 0) {
        throw new Error(
          `${method.toUpperCase()} ${path} has no OAuth scope in the OpenAPI document; every documented operation must need a token.`,
        );
      }
      const query: Record<string, boolean> = {};
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query') query[parameter.name] = parameter.required === true;
      }
      routes.push({
        path,
        method: method.toUpperCase(),
        operationId: operation.operationId,
        scopes: scopes.sort(),
        query,
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}
