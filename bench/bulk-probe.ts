import type { AuditStore } from '../api/audit/audit-store.js';

export interface BulkProbeReport {
  /** DynamoDB calls by command and table, per target. */
  dynamoPerTarget: Map<string, number>;
  trailAppends: number;
  /** Share of the wall time a trail entry's put was in flight (one at a time per process). */
  trailQueueBusy: number;
  /** Share of the targets' time (running to recorded) spent inside trail appends, queue included. */
  trailWaitShare: number;
  /** Mean time of one append, queue included, ms. */
  appendMs: number;
  /** Mean and most DynamoDB calls of this process in flight as a trail entry's put starts. */
  dynamoInFlightAtPut: { mean: number; max: number };
}

/**
 * Watches one run from outside the code it measures: a middleware on the API's DynamoDB client
 * counts calls and times the trail's entry puts, and the bench's own AuditStore instance has its
 * trail append and target update timed (their behaviour untouched). The audit trail is a hash
 * chain per account and Region, each appended to one put at a time by a process.
 */
export function probeBulkRun(audit: AuditStore, auditTable: string) {
  const dynamo = new Map<string, number>();
  let inFlight = 0;
  let busySince = 0;
  let busyMs = 0;
  let dynamoInFlight = 0;
  let atPut = { sum: 0, max: 0, puts: 0 };
  audit.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; RequestItems?: object };
      const table = input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '';
      const key = `${context.commandName?.replace(/Command$/, '')} ${table}`;
      dynamo.set(key, (dynamo.get(key) ?? 0) + 1);
      const entryPut = context.commandName === 'PutItemCommand' && table === auditTable;
      if (entryPut) {
        atPut = {
          sum: atPut.sum + dynamoInFlight,
          max: Math.max(atPut.max, dynamoInFlight),
          puts: atPut.puts + 1,
        };
        if (inFlight++ === 0) busySince = performance.now();
      }
      dynamoInFlight++;
      try {
        return await next(args);
      } finally {
        dynamoInFlight--;
        if (entryPut && --inFlight === 0) busyMs += performance.now() - busySince;
      }
    },
    { step: 'initialize', name: 'benchProbe' },
  );
  let appends = 0;
  let appendMs = 0;
  const append = audit.trail.append.bind(audit.trail);
  audit.trail.append = async (record, where) => {
    const started = performance.now();
    try {
      return await append(record, where);
    } finally {
      appends++;
      appendMs += performance.now() - started;
    }
  };
  const running = new Map<string, number>();
  let targetMs = 0;
  const updateTarget = audit.jobs.updateTarget.bind(audit.jobs);
  audit.jobs.updateTarget = async (target, change) => {
    const key = `${target.jobId}/${target.index}`;
    if (change.status === 'running') running.set(key, performance.now());
    else if (running.has(key)) {
      targetMs += performance.now() - (running.get(key) as number);
      running.delete(key);
    }
    return updateTarget(target, change);
  };
  return {
    report(wallMs: number, targets: number): BulkProbeReport {
      return {
        dynamoPerTarget: new Map([...dynamo].map(([key, n]) => [key, n / targets])),
        trailAppends: appends,
        trailQueueBusy: busyMs / wallMs,
        trailWaitShare: targetMs > 0 ? appendMs / targetMs : 0,
        appendMs: appends > 0 ? appendMs / appends : 0,
        dynamoInFlightAtPut: { mean: atPut.puts ? atPut.sum / atPut.puts : 0, max: atPut.max },
      };
    },
  };
}
