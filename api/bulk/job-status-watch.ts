import type { BulkJob, JobStatus } from './job.js';
import type { JobStore } from './job-store.js';

/** How often a lane looks at the job for a cancel. */
export const CANCEL_CHECK_MS = 500;

interface Seen {
  status: JobStatus;
  readAt: number;
}

/**
 * Whether a job has been cancelled, read from the store at most every CANCEL_CHECK_MS per job in
 * this process. Every lane of a job asks before each target; the local runner runs all of a job's
 * lanes in one process (sixty for the bench's job), where one read now answers them all instead
 * of one read per lane every half second. A cancel is seen as soon as before, within the interval.
 */
export class JobStatusWatch {
  private readonly jobs = new Map<string, Seen>();

  constructor(
    private readonly store: JobStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** True once the job is no longer running (cancelling, cancelled or finished). */
  async stopped(job: BulkJob): Promise<boolean> {
    let seen = this.jobs.get(job.jobId);
    if (!seen) {
      seen = { status: job.status, readAt: this.now() };
      this.jobs.set(job.jobId, seen);
    }
    // The caller's copy may be newer (a lane that just read the job); a status only moves on.
    if (job.status !== 'running') seen.status = job.status;
    if (seen.status === 'running' && this.now() - seen.readAt >= CANCEL_CHECK_MS) {
      // Set before the read, so the lanes asking meanwhile use the status in hand.
      seen.readAt = this.now();
      seen.status = (await this.store.job(job.jobId))?.status ?? seen.status;
    }
    return seen.status !== 'running';
  }

  /** The job has ended: nothing more to watch. */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }
}
