import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { startServer } from '../../api/server.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import { launchChromium } from './chromium.js';

/**
 * Swagger UI at /docs signs in against the sandbox (authorization code with PKCE, token exchange
 * from the browser across origins) and tries an operation. Port 3000 is the one the sandbox's
 * Swagger client registers as its callback.
 */
describe('Swagger UI in a real browser', () => {
  let cloud: LocalCloud;
  let app: FastifyInstance;
  let browser: Browser;

  before(async () => {
    cloud = await startLocalCloud();
    Object.assign(process.env, cloud.env);
    ({ app } = await startServer({ ...process.env, PORT: '3000', LOG_LEVEL: 'silent' }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await cloud?.close();
  });

  it('signs in as responder and runs getSecurityGroup', async () => {
    const page = await browser.newPage();
    await page.goto('http://127.0.0.1:3000/docs');
    await page.click('.btn.authorize');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.click('.modal-ux .auth-btn-wrapper .authorize'),
    ]);
    await popup.waitForLoadState();
    assert.match((await popup.textContent('body')) ?? '', /Sandbox Swagger UI/);
    await popup.fill('input[name=username]', 'responder');
    await popup.fill('input[name=password]', 'responder-sandbox-pass');
    await Promise.all([popup.waitForEvent('close'), popup.click('button[type=submit]')]);
    await page.click('.modal-ux .btn-done');

    const operation = '#operations-inspect-getSecurityGroup';
    await page.click(`${operation} .opblock-summary`);
    await page.click(`${operation} .try-out__btn`);
    await page.fill(`${operation} input[placeholder=accountId]`, '222222222222');
    await page.fill(`${operation} input[placeholder=region]`, 'us-east-1');
    await page.fill(`${operation} input[placeholder=groupId]`, 'sg-0a1b2c3d4e5f60001');
    await page.click(`${operation} .execute`);
    const status = page.locator(`${operation} .live-responses-table tbody .response-col_status`);
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '200');
    assert.match(
      (await page.textContent(`${operation} .live-responses-table`)) ?? '',
      /administrative port 22/,
    );
  });
});
