import type { FastifyInstance } from 'fastify';

/** Liveness for load balancers and `npm start`; unauthenticated and left out of the OpenAPI document. */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
}
