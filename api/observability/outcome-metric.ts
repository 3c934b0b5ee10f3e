import type { FastifyBaseLogger } from 'fastify';
import { METRIC_NAMESPACE, OUTCOMES_METRIC } from './metric-names.js';

/**
 * The outcome of a remediation as a CloudWatch embedded-metric-format (EMF) log line, written
 * through the request's logger. CloudWatch Logs extracts the metric from the line; the line also
 * keeps the request's `reqId` and `remediationId`, so a spike on a graph leads to its requests.
 *
 * Why not Powertools Metrics: it costs only ~15 KB minified, but it prints its EMF objects to
 * stdout itself, outside the logger, so the line would lose the request bindings, bypass the
 * logger's stream (and the tests that read it), and need a flush per request and a
 * `singleMetric()` per call to keep concurrent requests' dimensions apart. One object literal
 * does the job.
 */
export function recordOutcome(log: FastifyBaseLogger, operation: string, outcome: string): void {
  recorded.add(log);
  log.info(
    {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            // Per operation, and per outcome across operations (what the alarms watch).
            Dimensions: [['operation', 'outcome'], ['outcome']],
            Metrics: [{ Name: OUTCOMES_METRIC, Unit: 'Count' }],
          },
        ],
      },
      operation,
      outcome,
      [OUTCOMES_METRIC]: 1,
    },
    'remediation outcome',
  );
}

/** Request loggers that already recorded their outcome, so a request never counts twice. */
const recorded = new WeakSet<object>();

export function outcomeRecorded(log: FastifyBaseLogger): boolean {
  return recorded.has(log);
}
