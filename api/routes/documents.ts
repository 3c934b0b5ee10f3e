import type { FastifyInstance } from 'fastify';
import type { PolicyCatalog } from '../policy/catalog.js';
import { renderPolicyHtml } from '../policy/render-html.js';

/**
 * Public documents: the OpenAPI document the assistant reads, and the policy pages citations
 * link to (each section anchored). Neither holds anything the chat does not already show.
 */
export async function documentRoutes(app: FastifyInstance, deps: { policy: PolicyCatalog }) {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get<{ Params: { document: string } }>(
    '/policies/:document',
    { schema: { hide: true } },
    async (request, reply) => {
      const source = deps.policy.source(request.params.document);
      if (!source) {
        return reply.code(404).send({ error: 'NotFound', message: 'No such policy document.' });
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(renderPolicyHtml(source.meta, source.content));
    },
  );
}
