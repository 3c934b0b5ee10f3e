import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { PolicyCatalog } from '../../api/policy/catalog.js';
import { launchChromium } from './chromium.js';

/** A citation link opens its section, styled, under the service's content security policy. */
describe('a policy page in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let api: string;

  before(async () => {
    app = await buildApp({ config: loadConfig({}) });
    api = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lands on the cited section, highlighted, with nothing blocked', async () => {
    // The links the answers cite, for a service whose pages are at <api>/policies.
    const reference = PolicyCatalog.load(`${api}/policies`).reference('NET-02');
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(reference.url);
    const target = page.locator('h2:target');
    assert.equal(await target.textContent(), `NET-02: ${reference.title}`);
    // The page's own <style> applies: the cited section is highlighted.
    const background = await page.evaluate(
      "getComputedStyle(document.querySelector('h2:target')).backgroundColor",
    );
    assert.equal(background, 'rgb(255, 246, 213)');
    assert.deepEqual(blocked, []);
  });
});
