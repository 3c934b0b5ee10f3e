/**
 * Names shared by the service, which emits the metrics, and the CDK stack, which alarms on them;
 * stated once so a rename cannot silently leave an alarm watching nothing.
 */
export const METRIC_NAMESPACE = 'SecurityRemediationApi';

/** One per answered remediation, dimensioned by operation and outcome (and by outcome alone). */
export const OUTCOMES_METRIC = 'Outcomes';

/** From a log metric filter (see audit-failure-messages.ts), not from the code. */
export const AUDIT_WRITE_FAILURES_METRIC = 'AuditWriteFailures';
