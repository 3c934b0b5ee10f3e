import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { registerDocsUi } from './docs-ui.js';
import { loadDotEnv } from './env/dotenv.js';

/** Runs the API as a long-lived local server (the Lambda entry point is lambda.ts). */
export async function startServer(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env);
  const app = await buildApp({ config, logger: { level: env.LOG_LEVEL ?? 'info' } });
  await registerDocsUi(app, config);
  await app.listen({ host: config.host, port: config.port });
  return { app, config };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  startServer().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
