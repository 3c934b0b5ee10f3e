import {
  createMcpHandler,
  isLegacyRequest,
  type McpHttpHandler,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestOrigin } from '../audit/request-origin.js';
import type { ActionRouteDependencies } from '../routes/actions.js';
import { type Caller, toolServer } from './tools.js';

/**
 * Serves one `/mcp` request, statelessly: a fresh MCP server per request, built for the caller the
 * route authenticated, so nothing ties a client to one process (API Gateway, many Lambdas).
 * 2026-07-28 requests go to the SDK's `createMcpHandler` with JSON answers; 2025-era requests
 * (initialize, then a call per POST) to its streamable HTTP transport with no session id and JSON
 * answers, the SDK's stateless idiom. Loaded on the first `/mcp` request only.
 */
export async function serveMcp(
  deps: ActionRouteDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const requester = request.requester;
  if (!requester) throw new Error('/mcp reached without an authenticated requester');
  const caller: Caller = { requester, origin: requestOrigin(request), log: request.log };
  const webRequest = toWebRequest(request);
  const parsedBody = request.method === 'POST' ? request.body : undefined;
  const authInfo = {
    token: bearerOf(request),
    clientId: requester.clientId,
    scopes: requester.scopes,
    extra: { caller },
  };
  const response = (await isLegacyRequest(webRequest, parsedBody))
    ? await serveLegacy(deps, caller, webRequest, parsedBody, authInfo)
    : await modernHandler(deps).fetch(webRequest, { authInfo, parsedBody });
  reply.code(response.status);
  response.headers.forEach((value, name) => {
    reply.header(name, value);
  });
  const body = await response.text();
  return reply.send(body.length ? body : undefined);
}

const handlers = new WeakMap<ActionRouteDependencies, McpHttpHandler>();

/** One handler per app; each request still gets its own server from the factory. */
function modernHandler(deps: ActionRouteDependencies): McpHttpHandler {
  let handler = handlers.get(deps);
  if (!handler) {
    handler = createMcpHandler((context) => toolServer(deps, callerOf(context.authInfo?.extra)), {
      legacy: 'reject',
      responseMode: 'json',
    });
    handlers.set(deps, handler);
  }
  return handler;
}

async function serveLegacy(
  deps: ActionRouteDependencies,
  caller: Caller,
  webRequest: Request,
  parsedBody: unknown,
  authInfo: { token: string; clientId: string; scopes: string[] },
): Promise<Response> {
  if (webRequest.method !== 'POST') {
    // Stateless: no stream to resume (GET) and no session to end (DELETE).
    return Response.json(
      { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null },
      { status: 405, headers: { allow: 'POST' } },
    );
  }
  const server = toolServer(deps, caller);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(webRequest, { authInfo, parsedBody });
  } finally {
    await transport.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}

function callerOf(extra: Record<string, unknown> | undefined): Caller {
  const caller = extra?.caller as Caller | undefined;
  if (!caller) throw new Error('MCP request without its caller');
  return caller;
}

function bearerOf(request: FastifyRequest): string {
  return (request.headers.authorization ?? '').replace(/^Bearer +/i, '').trim();
}

/**
 * The SDK serves web-standard requests. Fastify already read and parsed the body, and the SDK
 * takes it as `parsedBody` without reading the request's own, so the copy carries none.
 */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(`${request.protocol}://${request.host}${request.url}`, {
    method: request.method,
    headers,
  });
}
