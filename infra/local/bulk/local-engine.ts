import { randomUUID } from 'node:crypto';
import {
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { BulkEngine, BulkEngineFactory } from '../../../api/bulk/engine.js';
import type { BulkJob } from '../../../api/bulk/job.js';
import { bulkStateMachineJson, TASK_STATES } from '../../../api/bulk/state-machine.js';
import type { BulkTasks } from '../../../api/bulk/tasks.js';

/*
 * aws-local-stepfunctions 3 is built for Node 22; the one Node 22 API it calls that this
 * project's Node 20 lacks is Promise.withResolvers (ES2024), added here with its standard
 * behaviour when missing. Remove with Node 20.
 */
if (!('withResolvers' in Promise)) {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    },
  });
}

/** Stands for the task function's ARN; every task state is bound to the code in-process. */
const LOCAL_TASK_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:bulk-task-local';

/** The library's JSON value, as its task handlers receive and return it. */
type JSONValue = Parameters<
  NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string]
>[0];

interface Run {
  executionId: string;
  abort: AbortController;
  stopExecution: () => void;
  done: Promise<unknown>;
}

/**
 * Runs a job's state machine in this process with aws-local-stepfunctions, the same ASL the CDK
 * stack deploys: its Map (MaxConcurrency, ItemSelector), Choice, Retry with back-off and Catch
 * behave as Step Functions documents them. Distributed mode runs as an inline Map here (the
 * library has no child executions), which for items passed in the state's input is the same
 * iteration. Task states are bound to the task code through the library's local handlers.
 */
export class LocalBulkEngine implements BulkEngine {
  private readonly runs = new Map<string, Run>();
  /** Lane tasks under way: a stopped run's lanes end their current target before close returns. */
  private readonly lanes = new Set<Promise<unknown>>();
  // The JSON text the stack deploys, read back as the library's definition type.
  private readonly definition: StateMachineDefinition = JSON.parse(
    bulkStateMachineJson(LOCAL_TASK_ARN),
  );
  private readonly machine = new StateMachine(this.definition);

  constructor(private readonly tasks: BulkTasks) {}

  async start(job: BulkJob): Promise<string> {
    const previous = this.runs.get(job.jobId);
    if (previous) return previous.executionId;
    const abort = new AbortController();
    const executionId = `local:${job.jobId}:${randomUUID()}`;
    const execution = this.machine.run(
      { jobId: job.jobId },
      {
        noThrowOnAbort: true,
        overrides: {
          taskResourceLocalHandlers: {
            [TASK_STATES.lanes]: async (input) => toJson(await this.tasks.lanes(taskInput(input))),
            [TASK_STATES.runLane]: async (input) => {
              const lane = this.tasks.runLane(laneInput(input), abort.signal);
              const settled = lane.catch(() => undefined);
              this.lanes.add(settled);
              void settled.finally(() => this.lanes.delete(settled));
              return toJson(await lane);
            },
            [TASK_STATES.finish]: async (input) =>
              toJson(await this.tasks.finish(taskInput(input))),
          },
        },
      },
    );
    const done = execution.result
      .catch((error: unknown) =>
        this.tasks.log.error({ err: error, jobId: job.jobId }, 'bulk job run failed'),
      )
      .finally(() => {
        if (this.runs.get(job.jobId)?.executionId === executionId) this.runs.delete(job.jobId);
      });
    this.runs.set(job.jobId, { executionId, abort, stopExecution: execution.abort, done });
    return executionId;
  }

  async isRunning(job: BulkJob): Promise<boolean> {
    return this.runs.get(job.jobId)?.executionId === job.executionId;
  }

  /** Whether a run of the job is going on in this process (tests wait on it). */
  settled(jobId: string): Promise<unknown> {
    return this.runs.get(jobId)?.done ?? Promise.resolve();
  }

  /**
   * Stops every run as a killed process would: lanes start nothing more and record nothing more,
   * the state machine stops; what was in flight in AWS stays as it was.
   */
  async close(): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) {
      run.abort.abort();
      run.stopExecution();
    }
    this.runs.clear();
    await Promise.all([...runs.map((run) => run.done), ...this.lanes]);
  }
}

export const localBulkEngine: BulkEngineFactory = (tasks) => new LocalBulkEngine(tasks);

/** The task states' Parameters (state-machine.ts) as the task code takes them. */
function taskInput(input: JSONValue): { jobId: string } {
  const record = input && typeof input === 'object' && !Array.isArray(input) ? input : {};
  if (typeof record.jobId !== 'string') throw new Error('a bulk task needs a jobId');
  return { jobId: record.jobId };
}

function laneInput(input: JSONValue): { jobId: string; accountId: string; region: string } {
  const record = input && typeof input === 'object' && !Array.isArray(input) ? input : {};
  const { accountId, region } = record;
  if (typeof accountId !== 'string' || typeof region !== 'string') {
    throw new Error('a lane task needs an accountId and a region');
  }
  return { ...taskInput(input), accountId, region };
}

/** Task results are plain data; the round trip gives them the library's JSON type. */
function toJson(value: unknown): JSONValue {
  return JSON.parse(JSON.stringify(value));
}
