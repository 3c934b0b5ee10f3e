import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium, headless. Playwright gives each launch a fresh temporary profile, so no
 * cookie or cached sign-in can make a test pass by accident. The flags keep chromium off the
 * network it would otherwise try to reach at start (this machine has none).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
