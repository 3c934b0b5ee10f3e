/**
 * Log messages the write path writes when the audit trail cannot take a record. The stack turns
 * them into the AuditWriteFailures metric with a log metric filter, so the write path needs no
 * metrics code of its own. A test checks each message still appears in api/: rewording one
 * without updating this list would leave the alarm blind.
 */
export const AUDIT_FAILURE_MESSAGES = [
  'audit trail unavailable; request not run',
  'completion not recorded in the audit trail',
  'could not record a rejected write attempt',
] as const;
