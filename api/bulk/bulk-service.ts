import type { FastifyBaseLogger } from 'fastify';
import type { Action, WriteAction } from '../actions/define.js';
import type { Config } from '../config.js';
import type { PipelineDependencies } from '../pipeline/write-pipeline.js';
import type { BulkEngine, BulkEngineFactory } from './engine.js';
import { BulkJobs } from './jobs.js';
import { bulkTasks } from './tasks.js';

export interface BulkServiceDependencies {
  /** Read on the first job operation, once the AWS services are loaded (lazy getters stay lazy). */
  pipeline: PipelineDependencies;
  registry: readonly Action[];
  log: FastifyBaseLogger;
  /** The engine jobs run on; without one (and without BULK_STATE_MACHINE_ARN) jobs are refused. */
  engine?: BulkEngineFactory;
}

/**
 * The jobs service of one app (or one Bedrock door), made on the first job operation: every door
 * shares it, so the local runner that `npm start` and the tests use is one per app.
 */
export class BulkService {
  private built?: BulkJobs;
  private engine?: BulkEngine;

  constructor(private readonly deps: BulkServiceDependencies) {}

  /** The jobs service, or undefined when this deployment has no engine to run jobs on. */
  jobs(): BulkJobs | undefined {
    if (this.built) return this.built;
    const { pipeline, registry, log } = this.deps;
    const action = (name: string) => writeAction(registry, name);
    const tasks = bulkTasks({
      pipeline,
      store: pipeline.audit.jobs,
      action,
      log,
      concurrency: pipeline.config.bulk.laneConcurrency,
      budgetMs: pipeline.config.bulk.laneBudgetMs,
    });
    this.engine = this.deps.engine?.(tasks) ?? stepFunctionsEngine(pipeline.config);
    if (!this.engine) return undefined;
    this.built = new BulkJobs({
      pipeline,
      store: pipeline.audit.jobs,
      engine: this.engine,
      action,
    });
    return this.built;
  }

  /** Starts again the jobs a stopped process left unfinished; how many. */
  async resumeUnfinished(): Promise<number> {
    return (await this.jobs()?.resumeUnfinished()) ?? 0;
  }

  async close(): Promise<void> {
    await this.engine?.close?.();
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
    this.loaded ??= import('./sfn-engine.js').then((m) => new m.StepFunctionsEngine(this.arn));
    return this.loaded;
  }
  async start(...args: Parameters<BulkEngine['start']>) {
    return (await this.engine()).start(...args);
  }
  async isRunning(...args: Parameters<BulkEngine['isRunning']>) {
    return (await this.engine()).isRunning(...args);
  }
}
