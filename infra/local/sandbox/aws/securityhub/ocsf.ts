import type { AsffFinding } from './state.js';

/** Workflow status (ASFF) ↔ status_id (OCSF), the way Security Hub relates its two schemas. */
export const STATUS_IDS: Record<AsffFinding['Workflow']['Status'], number> = {
  NEW: 1,
  NOTIFIED: 2,
  SUPPRESSED: 3,
  RESOLVED: 4,
};
const STATUS_NAMES: Record<number, string> = {
  1: 'New',
  2: 'In Progress',
  3: 'Suppressed',
  4: 'Resolved',
  5: 'Archived',
};
const SEVERITY_IDS: Record<string, number> = {
  INFORMATIONAL: 1,
  LOW: 2,
  MEDIUM: 3,
  HIGH: 4,
  CRITICAL: 5,
};

/**
 * A finding as Security Hub v2 returns it: an OCSF Compliance Finding (class 2003) for a control,
 * a Detection Finding (2004) for a threat detection. `metadata.uid` is the ASFF Id, so the two
 * views of one finding stay the same finding.
 */
export function toOcsf(finding: AsffFinding, comment: string | undefined): Record<string, unknown> {
  const compliance = finding.Compliance?.SecurityControlId ? finding.Compliance : undefined;
  const statusId = finding.RecordState === 'ARCHIVED' ? 5 : STATUS_IDS[finding.Workflow.Status];
  const severityId = SEVERITY_IDS[finding.Severity.Label] ?? 0;
  return {
    class_uid: compliance ? 2003 : 2004,
    class_name: compliance ? 'Compliance Finding' : 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    metadata: {
      uid: finding.Id,
      version: '1.1.0',
      product: {
        uid: finding.ProductArn,
        name: finding.ProductName,
        vendor_name: finding.CompanyName,
      },
    },
    finding_info: {
      uid: finding.Id,
      title: finding.Title,
      desc: finding.Description,
      types: finding.Types,
      created_time_dt: finding.CreatedAt,
      first_seen_time_dt: finding.FirstObservedAt,
      modified_time_dt: finding.UpdatedAt,
    },
    cloud: { provider: 'AWS', region: finding.Region, account: { uid: finding.AwsAccountId } },
    ...(compliance
      ? {
          compliance: {
            control: compliance.SecurityControlId,
            status: compliance.Status === 'PASSED' ? 'Pass' : 'Fail',
            status_id: compliance.Status === 'PASSED' ? 1 : 3,
          },
        }
      : {}),
    resources: finding.Resources.map((resource) => ({
      uid: resource.Id,
      type: resource.Type,
      region: resource.Region,
      cloud_partition: resource.Partition,
      data: resource.Details,
    })),
    severity: finding.Severity.Label.charAt(0) + finding.Severity.Label.slice(1).toLowerCase(),
    severity_id: severityId,
    status: STATUS_NAMES[statusId],
    status_id: statusId,
    ...(comment ? { comment } : {}),
    time_dt: finding.UpdatedAt,
  };
}
