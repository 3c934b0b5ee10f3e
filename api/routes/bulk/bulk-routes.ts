import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Action, WriteAction } from '../../actions/define.js';
import type { AuditStore } from '../../audit/audit-store.js';
import { requestOrigin } from '../../audit/request-origin.js';
import { requireToken } from '../../auth/authenticate.js';
import { scopeFor } from '../../auth/authorize.js';
import type { Requester } from '../../auth/requester.js';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { AwsClientFactory } from '../../aws/clients.js';
import type { BulkEngine, BulkEngineFactory } from '../../bulk/engine.js';
import type { TargetStatus } from '../../bulk/job.js';
import { BulkJobs, type Caller } from '../../bulk/jobs.js';
import { bulkTasks } from '../../bulk/tasks.js';
import type { Config } from '../../config.js';
import { InputError } from '../../errors.js';
import type { PolicyCatalog } from '../../policy/catalog.js';
import { errorResponses } from '../error-schema.js';
import {
  CancelBody,
  CancelResponse,
  GetQuery,
  JobParams,
  JobResponse,
  StartBody,
  StartResponse,
  UndoBody,
} from './schemas.js';

export interface BulkRouteDependencies {
  config: Config;
  verifier: TokenVerifier;
  registry: readonly Action[];
  policy: PolicyCatalog;
  readonly aws: AwsClientFactory;
  readonly audit: AuditStore;
  /** The engine jobs run on; without one (and without BULK_STATE_MACHINE_ARN) jobs are refused. */
  engine?: BulkEngineFactory;
  /** Start again, when the app is ready, the jobs a stopped process left unfinished. */
  resumeOnStart?: boolean;
  /** Loads the AWS services outside a request (for the resumption at start). */
  ready?: () => Promise<void>;
}

export const BULK_OPERATIONS = {
  startBulkRemediation: {
    summary: 'Close a port everywhere at once: start a bulk remediation job',
    description:
      'Starts a job that closes a port (default 22, SSH) on every security group findExposedResources lists as open to the internet in the accounts and Regions asked (all of them when none are), or on the groups named in targets. Each group gets one ordinary closeSecurityGroupPort remediation, recorded and undoable on its own; protected groups are refused one by one without stopping the job. Answers at once with a job id and the number of targets; use dryRun to preview every target first. A real run needs a ticket and a reason.',
  },
  getBulkRemediation: {
    summary: 'Show the progress of a bulk remediation job',
    description:
      'Shows where a bulk remediation job stands: how many targets are done, refused, failed and remaining, and each target with its outcome and remediation id (getRemediation shows its audit record). A job whose run was interrupted is resumed when it is read, without redoing finished targets.',
  },
  cancelBulkRemediation: {
    summary: 'Cancel a bulk remediation job',
    description:
      'Stops a running bulk remediation job: targets not yet started are not run; the ones under way finish. Nothing already done is reversed; use undoBulkRemediation for that.',
  },
  undoBulkRemediation: {
    summary: 'Undo a bulk remediation job: put back what it changed',
    description:
      'Reverses every remediation a finished or cancelled job made, as a new job of undoRemediation requests (one per target, each recorded). Putting back a closed port re-opens it to the internet, so a real run needs a ticket and a reason. Use dryRun to preview.',
  },
} as const;

/**
 * The bulk remediation doors (write scope; starting, cancelling and undoing need the responders
 * group for people). Each target of a job runs through the write pipeline like a single request.
 */
export async function bulkRoutes(app: FastifyInstance, deps: BulkRouteDependencies) {
  const scope = scopeFor(deps.config, 'write');
  const common = {
    tags: ['bulk'],
    security: [{ oauth2: [scope] }],
    'x-amzn-operation-type': 'write',
  };
  const onRequest = requireToken(deps.verifier, scope);
  let jobs: BulkJobs | undefined;
  let engine: BulkEngine | undefined;
  const service = (): BulkJobs | undefined => {
    if (jobs) return jobs;
    const pipeline = { config: deps.config, aws: deps.aws, audit: deps.audit, policy: deps.policy };
    const tasks = bulkTasks({
      pipeline,
      store: deps.audit.jobs,
      action: (name) => writeAction(deps.registry, name),
      log: app.log,
      concurrency: deps.config.bulk.laneConcurrency,
      budgetMs: deps.config.bulk.laneBudgetMs,
    });
    engine = deps.engine?.(tasks) ?? stepFunctionsEngine(deps.config);
    if (!engine) return undefined;
    jobs = new BulkJobs({
      pipeline,
      store: deps.audit.jobs,
      engine,
      action: (name) => writeAction(deps.registry, name),
    });
    return jobs;
  };
  const notConfigured = {
    outcome: 'refused' as const,
    summary:
      'Bulk remediation is not set up in this deployment (no state machine is configured); run the remediations one by one.',
  };
  app.addHook('onClose', async () => engine?.close?.());
  if (deps.resumeOnStart) {
    app.addHook('onReady', async () => {
      // Not awaited: a long list of stopped jobs must not hold the server's start.
      void (async () => {
        await deps.ready?.();
        const resumed = await service()?.resumeUnfinished();
        if (resumed) app.log.info({ resumed }, 'resumed unfinished bulk jobs');
      })().catch((error: unknown) => app.log.error({ err: error }, 'could not resume bulk jobs'));
    });
  }

  app.post('/bulk-remediations', {
    onRequest,
    schema: {
      ...common,
      operationId: 'startBulkRemediation',
      ...BULK_OPERATIONS.startBulkRemediation,
      body: StartBody,
      response: { 200: StartResponse, ...errorResponses },
    },
    handler: async (request) => {
      const body = request.body as Static<typeof StartBody>;
      assertWritable(body);
      const bulk = service();
      if (!bulk)
        return { ...notConfigured, targetCount: 0, dryRun: body.dryRun === true, notes: [] };
      const list = (text: string | undefined) => (text ? text.split(',') : undefined);
      const targets = list(body.groups)?.map((entry) => {
        const [accountId = '', region = '', groupId = ''] = entry.split('/');
        return { accountId, region, groupId };
      });
      const accountIds = list(body.accounts);
      const regions = list(body.regions);
      return bulk.start(callerOf(request), {
        port: body.port ?? 22,
        ...(targets ? { targets } : {}),
        ...(accountIds ? { accountIds } : {}),
        ...(regions ? { regions } : {}),
        ...(body.dryRun ? { dryRun: true } : {}),
        ...(body.ticket ? { ticket: body.ticket } : {}),
        ...(body.reason ? { reason: body.reason } : {}),
      });
    },
  });

  app.get('/bulk-remediations/:jobId', {
    onRequest,
    schema: {
      ...common,
      'x-amzn-operation-type': 'read',
      operationId: 'getBulkRemediation',
      ...BULK_OPERATIONS.getBulkRemediation,
      params: JobParams,
      querystring: GetQuery,
      response: { 200: JobResponse, ...errorResponses },
    },
    handler: async (request) => {
      const { jobId } = request.params as { jobId: string };
      const query = request.query as { status?: TargetStatus; limit?: number; nextToken?: string };
      const bulk = service();
      if (!bulk) return notConfigured;
      const job = await bulk.get(jobId, {
        ...(query.status ? { status: query.status } : {}),
        limit: query.limit ?? 50,
        offset: Number(query.nextToken ?? 0),
      });
      if (!job) return { outcome: 'refused', summary: `No bulk job ${jobId} was found.` };
      return { outcome: 'answered', ...job };
    },
  });

  app.post('/bulk-remediations/:jobId/cancel', {
    onRequest,
    schema: {
      ...common,
      operationId: 'cancelBulkRemediation',
      ...BULK_OPERATIONS.cancelBulkRemediation,
      params: JobParams,
      body: CancelBody,
      response: { 200: CancelResponse, ...errorResponses },
    },
    handler: async (request) => {
      const bulk = service();
      if (!bulk) return notConfigured;
      return bulk.cancel((request.params as { jobId: string }).jobId, callerOf(request).requester);
    },
  });

  app.post('/bulk-remediations/:jobId/undo', {
    onRequest,
    schema: {
      ...common,
      operationId: 'undoBulkRemediation',
      ...BULK_OPERATIONS.undoBulkRemediation,
      params: JobParams,
      body: UndoBody,
      response: { 200: StartResponse, ...errorResponses },
    },
    handler: async (request) => {
      const body = (request.body ?? {}) as { dryRun?: boolean; ticket?: string; reason?: string };
      assertWritable(body);
      const bulk = service();
      if (!bulk)
        return { ...notConfigured, targetCount: 0, dryRun: body.dryRun === true, notes: [] };
      return bulk.undo(callerOf(request), (request.params as { jobId: string }).jobId, body);
    },
  });
}

/** A real job needs a ticket and a reason, checked before anything is selected. */
function assertWritable(body: { dryRun?: boolean; ticket?: string; reason?: string }): void {
  if (body.dryRun === true) return;
  if (!body.ticket || !body.reason) {
    throw new InputError(
      'A bulk remediation changes many resources at once: give the incident ticket and a reason, or set dryRun to true to preview every target.',
    );
  }
}

function writeAction(registry: readonly Action[], name: string): WriteAction {
  const action = registry.find((entry) => entry.name === name);
  if (action?.kind !== 'write') throw new Error(`no write action ${name} in the registry`);
  return action;
}

function stepFunctionsEngine(config: Config): BulkEngine | undefined {
  const arn = config.bulk.stateMachineArn;
  if (!arn) return undefined;
  return new LazyStepFunctionsEngine(arn);
}

/** Loads the Step Functions client with the first job, as the rest of the AWS SDK is. */
class LazyStepFunctionsEngine implements BulkEngine {
  private loaded?: Promise<BulkEngine>;
  constructor(private readonly arn: string) {}
  private engine(): Promise<BulkEngine> {
    this.loaded ??= import('../../bulk/sfn-engine.js').then(
      (m) => new m.StepFunctionsEngine(this.arn),
    );
    return this.loaded;
  }
  async start(...args: Parameters<BulkEngine['start']>) {
    return (await this.engine()).start(...args);
  }
  async isRunning(...args: Parameters<BulkEngine['isRunning']>) {
    return (await this.engine()).isRunning(...args);
  }
}

function callerOf(request: FastifyRequest): Caller {
  if (!request.requester) throw new Error('bulk route reached without an authenticated requester');
  const requester: Requester = request.requester;
  return { requester, origin: requestOrigin(request), log: request.log };
}
