import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../../api/server.js';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.js';
import { launchChromium } from './chromium.js';

/**
 * Swagger UI at /docs signs in against the sandbox (authorization code with PKCE, token exchange
 * from the browser across origins, under the service's content security policy) and runs
 * operations as they come pre-filled. Port 3000 is the one the sandbox's Swagger client
 * registers as its callback.
 */
describe('Swagger UI in a real browser', () => {
  let cloud: LocalCloud;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  const screenshots = process.env.SCREENSHOT_DIR ?? tmpdir();
  /** What chromium reported as blocked by the content security policy. */
  const blocked: string[] = [];

  before(async () => {
    cloud = await startLocalCloud();
    Object.assign(process.env, cloud.env);
    ({ app } = await startServer({ ...process.env, PORT: '3000', LOG_LEVEL: 'silent' }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await cloud?.close();
  });

  it('shows the product, signs in as responder and keeps the token out of localStorage', async () => {
    await page.goto('http://127.0.0.1:3000/docs');
    await page.waitForSelector('.swagger-ui .info .title');
    assert.equal(await page.title(), 'Security Remediation API');
    await page.screenshot({ path: join(screenshots, 'swagger-docs.png') });
    const logo = await page.getAttribute('.topbar-wrapper a.link img', 'src');
    assert.match(String(logo), /^data:image\/svg\+xml;base64,/);
    assert.match(
      Buffer.from(String(logo).split(',')[1] ?? '', 'base64').toString(),
      />Security Remediation API</,
    );
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
    await page.waitForSelector('.modal-ux .btn-done');
    await page.click('.modal-ux .btn-done');
    // A function body as text: the page's globals are not in this project's type library.
    const stored = String(await page.evaluate('JSON.stringify({ ...localStorage })'));
    assert.doesNotMatch(stored, /eyJ/, 'no JWT in localStorage');
  });

  it('runs getSecurityGroup exactly as pre-filled', async () => {
    const operation = '#operations-inspect-getSecurityGroup';
    await page.click(`${operation} .opblock-summary`);
    await page.click(`${operation} .try-out__btn`);
    assert.equal(
      await page.inputValue(`${operation} input[placeholder=accountId]`),
      '222222222222',
    );
    assert.equal(await page.inputValue(`${operation} input[placeholder=region]`), 'us-east-1');
    await page.click(`${operation} .execute`);
    const status = page.locator(`${operation} .live-responses-table tbody .response-col_status`);
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '200');
    assert.match(
      (await page.textContent(`${operation} .live-responses-table`)) ?? '',
      /administrative port 22.*ask to close port 22/,
    );
  });

  it('pre-fills the close-port form with a valid request (screenshot), which closes port 22', async () => {
    const operation = '#operations-remediate-closeSecurityGroupPort';
    await page.click(`${operation} .opblock-summary`);
    await page.click(`${operation} .try-out__btn`);
    const body = JSON.parse(await page.inputValue(`${operation} textarea.body-param__text`));
    assert.deepEqual(body, {
      accountId: '222222222222',
      region: 'us-east-1',
      groupId: 'sg-0a1b2c3d4e5f60001',
      port: 22,
      dryRun: false,
      ticket: 'SEC-101',
      reason: 'Incident SEC-101: contain what the attacker opened',
    });
    const shot = join(screenshots, 'swagger-close-port-form.png');
    await page.locator(operation).screenshot({ path: shot });
    await page.click(`${operation} .execute`);
    const status = page.locator(`${operation} .live-responses-table tbody .response-col_status`);
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '200');
    assert.match(
      (await page.textContent(`${operation} .live-responses-table`)) ?? '',
      /"outcome": "remediated"/,
    );
    assert.deepEqual(blocked, [], 'the content security policy blocked nothing');
  });
});
