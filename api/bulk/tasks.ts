import { FINAL_TARGET_STATUSES, type Lane } from './job.js';
import { JobStatusWatch } from './job-status-watch.js';
import { type LaneDependencies, runLane } from './lane.js';
import type { TaskEvent } from './task-event.js';

/**
 * The three tasks of a job's state machine, the same code in the Lambda (api/bulk/lambda-task.ts)
 * and in the local runner: list the lanes, run one lane, close the job.
 */
export function bulkTasks(given: LaneDependencies) {
  // One look at each job's status for all the lanes this process runs.
  const deps = { ...given, jobStatus: given.jobStatus ?? new JobStatusWatch(given.store) };
  return {
    log: deps.log,

    /** The job's accounts × Regions, the items the Map spreads over. */
    async lanes(event: { jobId: string }): Promise<Lane[]> {
      const job = await deps.store.job(event.jobId);
      if (!job) throw new Error(`bulk job ${event.jobId} not found`);
      return job.lanes;
    },

    runLane(event: { jobId: string; accountId: string; region: string }, signal?: AbortSignal) {
      return runLane(signal ? { ...deps, signal } : deps, event.jobId, {
        accountId: event.accountId,
        region: event.region,
      });
    },

    /**
     * After every lane: a target still not final was cancelled (a cancelled job) or gave up after
     * the state machine's retries (AWS kept throttling); the job is then finished or cancelled.
     */
    async finish(event: { jobId: string }): Promise<{ status: string }> {
      const job = await deps.store.job(event.jobId);
      if (!job) throw new Error(`bulk job ${event.jobId} not found`);
      const cancelling = job.status !== 'running';
      for (const target of await deps.store.targets(event.jobId)) {
        if (FINAL_TARGET_STATUSES.includes(target.status)) continue;
        await deps.store.updateTarget(
          target,
          cancelling
            ? {
                status: 'cancelled',
                summary: 'Not run: the job was cancelled before this target started.',
              }
            : {
                status: 'failed',
                outcome: 'failed',
                summary:
                  'Not run: AWS kept limiting requests in this account and Region past every retry. Start a job for what is left once it settles.',
              },
        );
      }
      const finishedAt = new Date().toISOString();
      const status = cancelling ? 'cancelled' : 'finished';
      await deps.store.setStatus(event.jobId, status, ['running', 'cancelling'], { finishedAt });
      deps.jobStatus.forget(event.jobId);
      return { status };
    },

    /** The Lambda's single entry: one function serves every task state. */
    handle(event: TaskEvent): Promise<unknown> {
      switch (event.task) {
        case 'lanes':
          return this.lanes(event);
        case 'runLane':
          return this.runLane(event);
        case 'finish':
          return this.finish(event);
      }
    },
  };
}

export type BulkTasks = ReturnType<typeof bulkTasks>;
