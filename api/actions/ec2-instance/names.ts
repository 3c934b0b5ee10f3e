/**
 * The names an isolation leaves in the member account, so a person looking at the console, the
 * CLI or CloudTrail can tell what was done and by which remediation, and so a rerun or the
 * release finds it again from AWS alone.
 */

/** On the instance: the id of the isolation (the remediation that started it). */
export const ISOLATION_TAG = 'security:isolation';
export const TICKET_TAG = 'security:isolation-ticket';
export const ISOLATED_AT_TAG = 'security:isolated-at';
export const INSTANCE_TAGS = [ISOLATION_TAG, TICKET_TAG, ISOLATED_AT_TAG];

/** On the two groups an isolation keeps per VPC; the value says which one it is. */
export const GROUP_TAG = 'security:isolation-group';
export const ISOLATION_GROUP = {
  kind: 'isolation',
  name: 'security-isolation',
  description: 'Isolated instances: no traffic in or out (security remediation)',
} as const;
export const ALL_TRAFFIC_GROUP = {
  kind: 'all-traffic',
  name: 'security-isolation-untracked',
  description:
    'First hop of an isolation: allows everything so existing connections become untracked',
} as const;

/** The inline deny on the instance's role; one per instance, so isolations of neighbours coexist. */
export function denyPolicyName(instanceId: string): string {
  return `SecurityIsolation-${instanceId}`;
}
