import { buildApp } from '../api/app.js';
import { loadConfig } from '../api/config.js';

/**
 * The OpenAPI document exactly as the service serves it, built from the route schemas with the
 * default (sandbox) configuration so the committed file does not depend on anyone's environment.
 */
export async function generateDocument(env: Record<string, string | undefined> = {}) {
  const app = await buildApp({ config: loadConfig(env) });
  await app.ready();
  const document = app.swagger() as Record<string, unknown>;
  await app.close();
  return document;
}

export function serialize(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
