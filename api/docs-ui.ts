import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/**
 * Swagger UI at /docs, signing in with the public PKCE client, for people trying the API from a
 * browser. Only the long-lived server offers it: API Gateway routes no /docs, and leaving it out
 * keeps @fastify/static and the UI's assets out of the Lambda bundle.
 */
export async function registerDocsUi(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    initOAuth: {
      clientId: config.cognito.docsClientId,
      usePkceWithAuthorizationCodeGrant: true,
      scopes: ['openid', 'read', 'write', 'audit'].map((s) =>
        s === 'openid' ? s : `${config.cognito.resourceServer}/${s}`,
      ),
    },
    uiConfig: { persistAuthorization: true },
  });
}
