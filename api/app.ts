import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Action } from './actions/define.js';
import { registry as defaultRegistry } from './actions/registry.js';
import type { AuditStore } from './audit/audit-store.js';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier.js';
import type { AwsClientFactory } from './aws/clients.js';
import { AwsServices } from './aws-services.js';
import { BulkService } from './bulk/bulk-service.js';
import type { BulkEngineFactory } from './bulk/engine.js';
import type { Config } from './config.js';
import { installErrorHandler } from './error-handler.js';
import { mcpRoutes } from './mcp/mcp-routes.js';
import { installOutcomeMetrics } from './observability/outcome-hook.js';
import { openApiDefinition } from './openapi-definition.js';
import { PolicyCatalog } from './policy/catalog.js';
import { actionRoutes } from './routes/actions.js';
import { auditRoutes } from './routes/audit/audit-routes.js';
import { documentRoutes } from './routes/documents.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/job-routes.js';
import { schemaCompilers } from './schema-compilers.js';
import { securityHeaders } from './security-headers.js';

export interface AppDependencies {
  config: Config;
  verifier?: TokenVerifier;
  aws?: AwsClientFactory;
  policy?: PolicyCatalog;
  registry?: readonly Action[];
  /** The audit trail, idempotency keys and resource locks (DynamoDB). */
  audit?: AuditStore;
  logger?: FastifyServerOptions['logger'];
  /**
   * What bulk jobs run on: the local runner for `npm start` and the tests; unset, Step Functions
   * when BULK_STATE_MACHINE_ARN is set. `resumeOnStart` restarts jobs a stopped process left.
   */
  bulk?: { engine: BulkEngineFactory; resumeOnStart?: boolean };
  /** Build each route's validator and serializer on its first request (the Lambda's cold start). */
  lazySchemas?: boolean;
}

/**
 * Custom keywords in route schemas, which ajv must accept: the form hints the assistants read,
 * and the words a 400 uses for a malformed field (read by error-handler.ts).
 */
export const VENDOR_KEYWORDS = ['x-amzn-form-display-name', 'x-amzn-form-hide', 'x-error-message'];

/**
 * Builds the whole service from its dependencies; the local server, the Lambda handler and the
 * tests all start here, so they run the same code.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    // API Gateway caps a body at 10 MB; none of ours comes close to 64 KB.
    bodyLimit: 64 * 1024,
    // Request ids go into audit records, so they must not repeat across restarts or instances.
    genReqId: () => randomUUID(),
    ajv: {
      customOptions: {
        removeAdditional: false,
        keywords: VENDOR_KEYWORDS,
        // A 400 names every bad field at once; the 64 KB body limit bounds the extra work.
        allErrors: true,
        // Each error then carries its field's schema, whose `x-error-message` the 400 quotes.
        verbose: true,
      },
    },
    schemaController: { compilersFactory: schemaCompilers(deps.lazySchemas ?? false) },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const policy = deps.policy ?? PolicyCatalog.load(config.policyBaseUrl);
  const verifier = deps.verifier ?? createTokenVerifier(config);
  const registry = deps.registry ?? defaultRegistry;
  const services = new AwsServices(config, {
    ...(deps.aws ? { aws: deps.aws } : {}),
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  // A store passed in belongs to the caller, who closes it.
  app.addHook('onClose', async () => services.close());

  installErrorHandler(app, config.cognito.resourceServer);
  installOutcomeMetrics(app);
  await app.register(helmet, securityHeaders(config));
  await app.register(swagger, openApiDefinition(config));
  await app.register(healthRoutes);
  await app.register(documentRoutes, { policy });
  const pipeline = {
    config,
    policy,
    get aws() {
      return services.aws;
    },
    get audit() {
      return services.audit;
    },
  };
  const bulk = new BulkService({
    pipeline,
    registry,
    log: app.log,
    ...(deps.bulk ? { engine: deps.bulk.engine } : {}),
  });
  const routeDeps = {
    config,
    verifier,
    policy,
    registry,
    bulk,
    get aws() {
      return services.aws;
    },
    get audit() {
      return services.audit;
    },
  };
  await app.register(async (awsRoutes) => {
    services.scope(awsRoutes);
    await awsRoutes.register(actionRoutes, routeDeps);
    await awsRoutes.register(auditRoutes, routeDeps);
    await awsRoutes.register(mcpRoutes, routeDeps);
    await awsRoutes.register(jobRoutes, routeDeps);
    // In this scope, so the job engine stops before the AWS services it uses close.
    awsRoutes.addHook('onClose', async () => bulk.close());
    if (deps.bulk?.resumeOnStart) {
      awsRoutes.addHook('onReady', async () => {
        // Not awaited: a long list of stopped jobs must not hold the server's start.
        void (async () => {
          await services.ready();
          const resumed = await bulk.resumeUnfinished();
          if (resumed) app.log.info({ resumed }, 'resumed unfinished bulk jobs');
        })().catch((error: unknown) => app.log.error({ err: error }, 'could not resume bulk jobs'));
      });
    }
  });
  return app;
}
