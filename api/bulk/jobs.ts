import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WriteAction } from '../actions/define.js';
import type { RequestOrigin } from '../audit/request-origin.js';
import type { Requester } from '../auth/requester.js';
import type { PipelineDependencies } from '../pipeline/write-pipeline.js';
import type { BulkEngine } from './engine.js';
import type { BulkJob, BulkTarget, Lane, TargetStatus } from './job.js';
import type { JobStore } from './job-store.js';
import { type JobView, view } from './job-view.js';
import { exposedGroups, type PortTarget } from './selection.js';

export interface StartRequest {
  port: number;
  /** Explicit groups; when absent, what findExposedResources lists in accountIds × regions. */
  targets?: Array<{ accountId: string; region: string; groupId: string }>;
  accountIds?: string[];
  regions?: string[];
  dryRun?: boolean;
  ticket?: string;
  reason?: string;
}

export interface StartAnswer {
  outcome: 'started' | 'refused';
  summary: string;
  jobId?: string;
  targetCount: number;
  dryRun: boolean;
  notes: string[];
}

export interface BulkJobsDependencies {
  pipeline: PipelineDependencies;
  store: JobStore;
  engine: BulkEngine;
  action(name: string): WriteAction;
}

export interface Caller {
  requester: Requester;
  origin: RequestOrigin;
  log: FastifyBaseLogger;
}

/**
 * Bulk remediation jobs: one action over many targets, each target one ordinary remediation
 * through the write pipeline (refusals, trail, idempotency and undo work per target). Starting a
 * job only selects and records its targets and hands it to the engine, so the answer comes at
 * once whatever the job's size. Who may start, stop or undo a job is decided before, by the job
 * pipeline (api/pipeline/job-pipeline.ts).
 */
export class BulkJobs {
  constructor(private readonly deps: BulkJobsDependencies) {}

  async start(caller: Caller, request: StartRequest): Promise<StartAnswer> {
    const dryRun = request.dryRun === true;
    const refuse = (summary: string, notes: string[] = []): StartAnswer => ({
      outcome: 'refused',
      summary,
      targetCount: 0,
      dryRun,
      notes,
    });
    const selected = request.targets
      ? {
          targets: request.targets.map((target) => ({ ...target, port: request.port })),
          notes: [],
        }
      : await exposedGroups(this.deps.pipeline, caller.requester, caller.log, {
          port: request.port,
          ...(request.accountIds ? { accountIds: request.accountIds } : {}),
          ...(request.regions ? { regions: request.regions } : {}),
        });
    if ('refusal' in selected && selected.refusal) return refuse(selected.refusal, selected.notes);
    const unique = dedupe(selected.targets);
    if (unique.length === 0) {
      return refuse(
        `Nothing to do: no security group ${request.targets ? 'was named' : `in the accounts and Regions asked lets the internet reach port ${request.port}`}.`,
        selected.notes,
      );
    }
    const selection = request.targets
      ? `${unique.length} named security group(s), port ${request.port}`
      : `every security group open to the internet on port ${request.port} in ${request.accountIds?.join(', ') ?? 'every allowed account'}, ${request.regions?.join(', ') ?? 'every allowed Region'}`;
    const job = await this.create(caller, {
      operation: 'closeSecurityGroupPort',
      dryRun,
      selection,
      ...(request.ticket ? { ticket: request.ticket } : {}),
      ...(request.reason ? { reason: request.reason } : {}),
      targets: unique.map((target) => ({
        accountId: target.accountId,
        region: target.region,
        resourceId: target.groupId,
        input: { ...target },
      })),
    });
    return {
      outcome: 'started',
      summary: `${dryRun ? 'Preview' : 'Job'} ${job.jobId} started: close port ${request.port} on ${unique.length} security group(s) in ${job.lanes.length} account-Region pair(s)${dryRun ? ', changing nothing' : ''}. Ask for its progress with getBulkRemediation.`,
      jobId: job.jobId,
      targetCount: unique.length,
      dryRun,
      notes: selected.notes,
    };
  }

  /** Undoes every target the job changed, as a new job of undoRemediation requests. */
  async undo(
    caller: Caller,
    jobId: string,
    fields: { dryRun?: boolean; ticket?: string; reason?: string },
  ): Promise<StartAnswer> {
    const dryRun = fields.dryRun === true;
    const refuse = (summary: string): StartAnswer => ({
      outcome: 'refused',
      summary,
      targetCount: 0,
      dryRun,
      notes: [],
    });
    const original = await this.deps.store.job(jobId);
    if (!original) return refuse(`No bulk job ${jobId} was found.`);
    if (original.status === 'running' || original.status === 'cancelling') {
      return refuse(
        `Job ${jobId} is still running: cancel it or wait for it to end, then undo it.`,
      );
    }
    const changed = (await this.deps.store.targets(jobId)).filter(
      (target) =>
        !original.dryRun &&
        target.remediationId &&
        (target.outcome === 'remediated' || target.outcome === 'partially_remediated'),
    );
    if (changed.length === 0)
      return refuse(`Job ${jobId} changed nothing, so there is nothing to undo.`);
    const job = await this.create(caller, {
      operation: 'undoRemediation',
      dryRun,
      undoOf: jobId,
      selection: `undo of job ${jobId}`,
      ...(fields.ticket ? { ticket: fields.ticket } : {}),
      ...(fields.reason ? { reason: fields.reason } : {}),
      targets: changed.map((target) => ({
        accountId: target.accountId,
        region: target.region,
        resourceId: target.resourceId,
        input: { remediationId: target.remediationId },
      })),
    });
    return {
      outcome: 'started',
      summary: `${dryRun ? 'Preview of the undo' : 'Undo'} of job ${jobId} started as job ${job.jobId}: ${changed.length} remediation(s) to reverse. Ask for its progress with getBulkRemediation.`,
      jobId: job.jobId,
      targetCount: changed.length,
      dryRun,
      notes: [],
    };
  }

  /**
   * The job and its targets, as stored. Reading never restarts a run: a read would otherwise act
   * under the original requester, and a run that keeps failing would restart on every poll.
   */
  async get(
    jobId: string,
    page: { status?: TargetStatus; limit: number; offset: number },
  ): Promise<JobView | undefined> {
    const job = await this.deps.store.job(jobId);
    if (!job) return undefined;
    const targets = await this.deps.store.targets(jobId);
    return view(job, targets, page);
  }

  /**
   * Stops what has not started; targets already running end as they would. Who asked is kept
   * (the job pipeline has checked that a person is a responder, as for starting a job).
   */
  async cancel(
    jobId: string,
    requester: Requester,
    reason?: string,
  ): Promise<{ outcome: 'cancelling' | 'refused'; summary: string }> {
    const job = await this.deps.store.job(jobId);
    if (!job) return { outcome: 'refused', summary: `No bulk job ${jobId} was found.` };
    const moved = await this.deps.store.setStatus(jobId, 'cancelling', ['running'], {
      cancelledBy: requester.name,
      ...(reason ? { cancelReason: reason } : {}),
    });
    if (!moved) {
      return {
        outcome: 'refused',
        summary: `Job ${jobId} is already ${job.status}; nothing to cancel.`,
      };
    }
    await this.resumeIfStopped({ ...job, status: 'cancelling' });
    return {
      outcome: 'cancelling',
      summary: `Job ${jobId} is being cancelled at the request of ${requester.name}: no target starts from now on; the ones already under way finish. getBulkRemediation shows what ran.`,
    };
  }

  /** Every job a stopped process left unfinished, started again (`npm start` calls it at start). */
  async resumeUnfinished(): Promise<number> {
    const jobs = await this.deps.store.unfinishedJobs();
    for (const job of jobs) await this.resumeIfStopped(job);
    return jobs.length;
  }

  private async resumeIfStopped(job: BulkJob): Promise<void> {
    if (job.status !== 'running' && job.status !== 'cancelling') return;
    if (await this.deps.engine.isRunning(job)) return;
    const executionId = await this.deps.engine.start(job);
    await this.deps.store.recordRun(job.jobId, executionId);
  }

  private async create(
    caller: Caller,
    spec: Pick<BulkJob, 'operation' | 'dryRun' | 'selection' | 'ticket' | 'reason' | 'undoOf'> & {
      targets: Array<Pick<BulkTarget, 'accountId' | 'region' | 'resourceId' | 'input'>>;
    },
  ): Promise<BulkJob> {
    const jobId = randomUUID();
    const now = new Date().toISOString();
    const lanes = new Map<string, Lane>();
    const targets: BulkTarget[] = spec.targets.map((target, index) => {
      lanes.set(`${target.accountId}/${target.region}`, {
        accountId: target.accountId,
        region: target.region,
      });
      return { ...target, jobId, index, status: 'pending', attempt: 0, updatedAt: now };
    });
    const { targets: _targets, ...fields } = spec;
    const job: BulkJob = {
      ...fields,
      jobId,
      status: 'running',
      requester: caller.requester,
      origin: caller.origin,
      targetCount: targets.length,
      lanes: [...lanes.values()],
      createdAt: now,
      runs: 0,
    };
    await this.deps.store.create(job, targets);
    const executionId = await this.deps.engine.start(job);
    await this.deps.store.recordRun(jobId, executionId);
    return { ...job, runs: 1, executionId };
  }
}

function dedupe(targets: PortTarget[]): PortTarget[] {
  const seen = new Map<string, PortTarget>();
  for (const target of targets) {
    seen.set(`${target.accountId}/${target.region}/${target.groupId}/${target.port}`, target);
  }
  return [...seen.values()];
}
