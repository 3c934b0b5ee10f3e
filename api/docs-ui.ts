import swaggerUi, { type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import { logo, PRODUCT_NAME, theme } from './docs-ui-theme.js';

/** The one address of the OpenAPI document (API Gateway routes it; the plugin reads it). */
const DOCUMENT_URL = '/openapi.json';

/**
 * Swagger UI at /docs, signing in with the public PKCE client, for people trying the API from a
 * browser. Only the long-lived server offers it: API Gateway routes no /docs, and leaving it out
 * keeps @fastify/static and the UI's assets out of the Lambda bundle.
 */
export async function registerDocsUi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(async (docs) => {
    docs.addHook('onSend', keepOpenerForSignIn);
    await docs.register(swaggerUi, uiOptions(config));
  });
}

function uiOptions(config: Config): FastifySwaggerUiOptions {
  return {
    routePrefix: '/docs',
    logo,
    theme,
    uiHooks: { onRequest: oneDocumentUrl },
    initOAuth: {
      clientId: config.cognito.docsClientId,
      usePkceWithAuthorizationCodeGrant: true,
      scopes: ['openid', 'read', 'write', 'audit'].map((s) =>
        s === 'openid' ? s : `${config.cognito.resourceServer}/${s}`,
      ),
    },
    uiConfig: {
      // The UI loads the document from its one address instead of its own copy at /docs/json.
      urls: [{ url: DOCUMENT_URL, name: PRODUCT_NAME }],
      // The access token stays in the page's memory, not in localStorage for any script to read.
      persistAuthorization: false,
    },
  };
}

/**
 * The sign-in popup ends on oauth2-redirect.html, which hands the code to the page through
 * window.opener. Arriving from Cognito's origin with a cross-origin-opener-policy other than
 * unsafe-none would put the popup in a new browsing context group and cut that link, so this one
 * page goes without it (it shows nothing; its script only passes the code on).
 */
async function keepOpenerForSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.split('?')[0]?.endsWith('/static/oauth2-redirect.html')) {
    reply.removeHeader('cross-origin-opener-policy');
  }
}

/** /docs/json and /docs/yaml, which the plugin always adds, point to the one document. */
async function oneDocumentUrl(request: FastifyRequest, reply: FastifyReply) {
  const route = request.routeOptions.url ?? '';
  if (route.endsWith('/json') || route.endsWith('/yaml')) {
    return reply.redirect(DOCUMENT_URL, 301);
  }
}
