import type { FastifyInstance } from 'fastify';
import type { AuditStore } from './audit/audit-store.js';
import type { AwsClientFactory } from './aws/clients.js';
import type { Config } from './config.js';

interface Loaded {
  aws: AwsClientFactory;
  audit: AuditStore;
}

/**
 * The parts of the service that talk to AWS: the member-account clients and the audit store
 * (DynamoDB). They load, and with them the AWS SDK (a third of the Lambda bundle), when the first
 * authenticated request that needs them arrives, not at start, so a cold Lambda answering
 * /health, the OpenAPI document or a policy page never pays for the SDK.
 */
export class AwsServices {
  private loaded?: Loaded;
  private loading?: Promise<Loaded>;

  constructor(
    private readonly config: Config,
    /** Instances the caller made (tests); they are used as they are and closed by the caller. */
    private readonly given: Partial<Loaded> = {},
  ) {}

  /**
   * Routes that reach AWS are registered inside this: a preValidation hook of their context loads
   * the services after the token was checked and before the route's own hooks use them.
   */
  scope(app: FastifyInstance): void {
    app.addHook('preValidation', async () => {
      if (!this.loaded) this.loaded = await this.load();
    });
  }

  /** Loads the services outside a request (work the app starts on its own, like resuming jobs). */
  async ready(): Promise<void> {
    if (!this.loaded) this.loaded = await this.load();
  }

  get aws(): AwsClientFactory {
    return this.require().aws;
  }

  get audit(): AuditStore {
    return this.require().audit;
  }

  close(): void {
    if (this.loaded && !this.given.audit) this.loaded.audit.close();
  }

  private load(): Promise<Loaded> {
    this.loading ??= (async () => ({
      aws: this.given.aws ?? new (await import('./aws/clients.js')).AwsClientFactory(this.config),
      audit:
        this.given.audit ?? new (await import('./audit/audit-store.js')).AuditStore(this.config),
    }))().catch((error: unknown) => {
      // Let the next request try again rather than keep a failed import forever.
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private require(): Loaded {
    if (!this.loaded) {
      throw new Error('AWS services used outside a route scoped by AwsServices.scope()');
    }
    return this.loaded;
  }
}
