import type { FastifyInstance } from 'fastify';
import type { PolicyCatalog } from '../policy/catalog.js';

/**
 * Public documents: the OpenAPI document the assistant reads, and the policy sections citations
 * link to. Neither holds anything the chat does not already show.
 */
export async function documentRoutes(app: FastifyInstance, deps: { policy: PolicyCatalog }) {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get<{ Params: { document: string } }>(
    '/policies/:document',
    { schema: { hide: true } },
    async (request, reply) => {
      const controls = deps.policy.all().filter((c) => c.document === request.params.document);
      if (controls.length === 0) {
        return reply.code(404).send({ error: 'NotFound', message: 'No such policy document.' });
      }
      const title = controls[0]?.documentTitle ?? '';
      const body = controls.map((control) => control.body).join('\n\n');
      return reply.type('text/markdown; charset=utf-8').send(`# ${title}\n\n${body}\n`);
    },
  );
}
