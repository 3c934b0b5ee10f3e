import { hostHeaderValidation } from '@modelcontextprotocol/fastify';
import { type AppDependencies, buildApp } from './app.js';
import { loadConfig } from './config.js';
import { registerDocsUi } from './docs-ui.js';
import { loadDotEnv } from './env/dotenv.js';

/**
 * Runs the API as a long-lived local server (the Lambda entry point is lambda.ts). Logs are
 * pino's JSON unless `logStream` formats them (`npm start` makes them readable).
 */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  options: { logStream?: NodeJS.WritableStream; bulk?: AppDependencies['bulk'] } = {},
) {
  const config = loadConfig(env);
  const level = env.LOG_LEVEL ?? 'info';
  const logger = options.logStream ? { level, stream: options.logStream } : { level };
  const app = await buildApp({ config, logger, ...(options.bulk ? { bulk: options.bulk } : {}) });
  if (LOOPBACK.includes(config.host)) {
    // DNS rebinding: a web page whose name resolves to 127.0.0.1 reaches a local server with its
    // own name in Host. Only names of this machine, and the public URL's, are answered (the MCP
    // transport spec asks this of local servers). In AWS, API Gateway sets Host.
    const publicHost = new URL(config.publicUrl).hostname;
    app.addHook('onRequest', hostHeaderValidation([...LOOPBACK_NAMES, publicHost]));
  }
  await registerDocsUi(app, config);
  await app.listen({ host: config.host, port: config.port });
  return { app, config };
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  startServer().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
