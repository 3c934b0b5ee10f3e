import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadOnFirstCall } from '../actions/define.js';
import { requireToken } from '../auth/authenticate.js';
import { scopeFor } from '../auth/authorize.js';
import { type Config, SANDBOX_USER_POOL_ID } from '../config.js';
import { AuthenticationError } from '../errors.js';
import type { ActionRouteDependencies } from '../routes/actions.js';

export const MCP_PATH = '/mcp';
export const MCP_METADATA_PATH = `/.well-known/oauth-protected-resource${MCP_PATH}`;

/** The canonical URL of the MCP server: the `resource` of its metadata. */
export function mcpResourceUrl(config: Config): string {
  return `${config.publicUrl}${MCP_PATH}`;
}

/**
 * The MCP door's HTTP surface: `/mcp` (Streamable HTTP, stateless, JSON answers) and its RFC 9728
 * protected-resource metadata. Only this file loads at start; the SDK and the tool definitions are
 * imported on the first `/mcp` request, so a cold Lambda answering /health never pays for them.
 */
export async function mcpRoutes(app: FastifyInstance, deps: ActionRouteDependencies) {
  const { config } = deps;
  const metadataUrl = `${config.publicUrl}${MCP_METADATA_PATH}`;
  const scopes = (['read', 'write', 'audit'] as const).map((level) => scopeFor(config, level));

  app.get(MCP_METADATA_PATH, { schema: { hide: true } }, async () => ({
    resource: mcpResourceUrl(config),
    authorization_servers: [authorizationServer(config)],
    scopes_supported: scopes,
    bearer_methods_supported: ['header'],
    resource_name: 'Security remediation API (MCP)',
  }));

  // Any valid access token opens the door; each tool checks the scope it needs (tools/list shows
  // only the tools the token's scopes allow, tools/call answers a refusal for the others).
  const check = requireToken(deps.verifier);
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await check(request);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      // The MCP authorization spec: every 401 points at the metadata, so a client discovers the
      // authorization server from the 401 alone.
      const challenge = [
        `Bearer resource_metadata="${metadataUrl}"`,
        `scope="${scopes.join(' ')}"`,
        ...(request.headers.authorization
          ? ['error="invalid_token"', `error_description="${error.message}"`]
          : []),
      ].join(', ');
      return reply
        .code(401)
        .header('www-authenticate', challenge)
        .send({ error: error.code, message: error.message });
    }
  };

  // The transport spec: a request from a web page of another site is refused (DNS rebinding);
  // MCP clients outside a browser send no Origin. The SDK's check loads with the SDK.
  const allowedOrigins = [new URL(config.publicUrl).hostname];
  const validateOrigin = loadOnFirstCall(async () => {
    const { originValidation } = await import('@modelcontextprotocol/fastify');
    const validate = originValidation(allowedOrigins);
    return async (request: FastifyRequest, reply: FastifyReply) => validate(request, reply);
  });
  const checkOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.origin) await validateOrigin(request, reply);
  };
  // Kept once loaded, as an action's behaviour is (see loadOnFirstCall).
  const serve = loadOnFirstCall(async () => (await import('./mcp-handler.js')).serveMcp);

  app.route({
    method: ['POST', 'GET', 'DELETE'],
    url: MCP_PATH,
    schema: { hide: true },
    onRequest: [checkOrigin, authenticate],
    handler: (request, reply) => serve(deps, request, reply),
  });
}

/**
 * The issuer MCP clients read RFC 8414 metadata from. For a real pool that is the Cognito issuer
 * (its OpenID discovery lists the hosted domain's authorize and token endpoints); the sandbox's
 * authority answers at its own URL.
 */
function authorizationServer(config: Config): string {
  const region = config.cognito.userPoolId.split('_')[0];
  return config.cognito.userPoolId === SANDBOX_USER_POOL_ID
    ? config.cognito.domainUrl
    : `https://cognito-idp.${region}.amazonaws.com/${config.cognito.userPoolId}`;
}
