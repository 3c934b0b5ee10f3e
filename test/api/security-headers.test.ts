import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { registerDocsUi } from '../../api/docs-ui.js';

/** The headers a browser enforces on the pages the service serves; the browser tests use them. */
describe('security headers', () => {
  let app: FastifyInstance;
  before(async () => {
    const config = loadConfig({});
    app = await buildApp({ config });
    await registerDocsUi(app, config);
  });
  after(() => app.close());

  it('put the policy pages and Swagger UI under a content security policy', async () => {
    for (const url of ['/policies/network-access.md', '/docs', '/openapi.json', '/health']) {
      const response = await app.inject({ url });
      const policy = String(response.headers['content-security-policy']);
      assert.match(policy, /script-src 'self';/, `${url}: no inline or foreign script`);
      assert.match(policy, /object-src 'none'/, url);
      // Swagger UI's token exchange goes to the sign-in domain (the sandbox here).
      assert.match(policy, /connect-src 'self' http:\/\/127\.0\.0\.1:4566/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN', url);
    }
  });

  it('leave the sign-in popup its opener, so it can hand the code back to /docs', async () => {
    const docs = await app.inject({ url: '/docs' });
    assert.equal(docs.headers['cross-origin-opener-policy'], 'same-origin-allow-popups');
    const redirect = await app.inject({ url: '/docs/static/oauth2-redirect.html' });
    assert.equal(redirect.statusCode, 200);
    assert.equal(redirect.headers['cross-origin-opener-policy'], undefined);
  });
});
