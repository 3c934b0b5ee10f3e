import type { BulkJob } from './job.js';
import type { BulkTasks } from './tasks.js';

/**
 * What runs a job's state machine: Step Functions in AWS (sfn-engine.ts), the local runner for
 * `npm start` and the tests (infra/local/bulk/). Either way the targets' state lives in the jobs
 * table, so a run that stopped is resumed by starting the job again.
 */
export interface BulkEngine {
  /** Starts (or restarts) the job; answers at once with a handle on the run. */
  start(job: BulkJob): Promise<string>;
  /** Whether the job's current run is still alive; false means it stopped and should resume. */
  isRunning(job: BulkJob): Promise<boolean>;
  close?(): Promise<void>;
}

/** Made by the app once it has its dependencies: the local runner runs the tasks in-process. */
export type BulkEngineFactory = (tasks: BulkTasks) => BulkEngine;
