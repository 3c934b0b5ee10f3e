import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { registerDocsUi } from '../../api/docs-ui.js';

/** Swagger UI as the local server offers it; the browser tests sign in and click through it. */
describe('Swagger UI at /docs', () => {
  let app: FastifyInstance;
  before(async () => {
    const config = loadConfig({});
    app = await buildApp({ config });
    await registerDocsUi(app, config);
  });
  after(() => app.close());

  it('has one address for the OpenAPI document: its own copies redirect there', async () => {
    for (const copy of ['/docs/json', '/docs/yaml']) {
      const response = await app.inject({ url: copy });
      assert.equal(response.statusCode, 301, copy);
      assert.equal(response.headers.location, '/openapi.json');
    }
    const document = await app.inject({ url: '/openapi.json' });
    assert.equal(document.statusCode, 200);
    assert.equal(document.json().info.title, 'Security Remediation API');
  });

  it('is titled with the product, loads /openapi.json and keeps the token out of storage', async () => {
    const page = await app.inject({ url: '/docs' });
    assert.match(page.body, /<title>Security Remediation API<\/title>/);
    const script = (await app.inject({ url: '/docs/static/swagger-initializer.js' })).body;
    assert.match(script, /"urls":\[\{"url":"\/openapi.json"/);
    assert.match(script, /"persistAuthorization":false/);
  });
});
