import {
  type AwsSecurityFinding,
  BatchUpdateFindingsCommand,
  BatchUpdateFindingsV2Command,
  GetFindingsCommand,
  GetFindingsV2Command,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AwsCallError } from '../errors.js';
import { translateAwsError } from './aws-error.js';

/*
 * Security Hub findings as this service reads and updates them: in the security account (the
 * delegated administrator, in its aggregation Region) with the service's own credentials, never a
 * member's role. Both schemas: ASFF (Security Hub CSPM) and OCSF (Security Hub v2).
 */

/** How the caller named the finding: ASFF (Security Hub CSPM) or OCSF (Security Hub v2). */
export type FindingRef =
  | { kind: 'asff'; id: string; productArn: string }
  | { kind: 'ocsf'; metadataUid: string };

export interface FindingResource {
  /** Normalised: `awsec2securitygroup`, `awsiamaccesskey`, `awsec2instance`... */
  type: string;
  id: string;
  region?: string;
  details: Record<string, unknown>;
}

/** A finding read through either API, reduced to what mapping it to a remediation needs. */
export interface Finding {
  ref: FindingRef;
  accountId: string;
  region: string;
  title: string;
  /** The Security Hub control (EC2.13...) of a control finding. */
  control?: string;
  /** ASFF `Types` or OCSF `finding_info.types` (GuardDuty's type names live there). */
  types: string[];
  resources: FindingResource[];
  /** Workflow RESOLVED (ASFF) or status Resolved (OCSF): nothing is left to do. */
  resolved: boolean;
}

/** The status written back, in ASFF words; v2 gets the OCSF status_id of the same meaning. */
export type WriteBackStatus = 'RESOLVED' | 'NOTIFIED' | 'NEW';
/** OCSF status_id: 1 New, 2 In Progress (someone was told), 4 Resolved. */
const STATUS_IDS: Record<WriteBackStatus, number> = { NEW: 1, NOTIFIED: 2, RESOLVED: 4 };

const normalType = (type: unknown) =>
  String(type ?? '')
    .replace(/::/g, '')
    .toLowerCase();
const record = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function describeRef(ref: FindingRef): string {
  return ref.kind === 'asff' ? ref.id : ref.metadataUid;
}

/** Reads one finding; undefined when Security Hub does not have it. */
export async function readFinding(
  client: SecurityHubClient,
  ref: FindingRef,
): Promise<Finding | undefined> {
  try {
    if (ref.kind === 'asff') {
      const { Findings } = await client.send(
        new GetFindingsCommand({
          Filters: {
            Id: [{ Value: ref.id, Comparison: 'EQUALS' }],
            ProductArn: [{ Value: ref.productArn, Comparison: 'EQUALS' }],
          },
          MaxResults: 1,
        }),
      );
      const found = Findings?.[0];
      return found ? fromAsff(ref, found) : undefined;
    }
    const { Findings } = await client.send(
      new GetFindingsV2Command({
        Filters: {
          CompositeFilters: [
            {
              StringFilters: [
                {
                  FieldName: 'metadata.uid',
                  Filter: { Value: ref.metadataUid, Comparison: 'EQUALS' },
                },
              ],
            },
          ],
        },
        MaxResults: 1,
      }),
    );
    const found = Findings?.[0];
    return found ? fromOcsf(ref, record(found)) : undefined;
  } catch (error) {
    throw translateAwsError(
      ref.kind === 'asff' ? 'securityhub:GetFindings' : 'securityhub:GetFindingsV2',
      error,
    );
  }
}

function fromAsff(ref: FindingRef, finding: AwsSecurityFinding): Finding {
  const generator = /security-control\/([A-Za-z0-9]+\.\d+)$/.exec(finding.GeneratorId ?? '')?.[1];
  const control =
    finding.Compliance?.SecurityControlId ??
    (finding.ProductFields?.ControlId as string | undefined) ??
    generator;
  return {
    ref,
    accountId: finding.AwsAccountId ?? '',
    region: finding.Region ?? '',
    title: finding.Title ?? '',
    ...(control ? { control } : {}),
    types: finding.Types ?? [],
    resources: (finding.Resources ?? []).map((resource) => ({
      type: normalType(resource.Type),
      id: resource.Id ?? '',
      ...(resource.Region ? { region: resource.Region } : {}),
      details: record(resource.Details),
    })),
    resolved: finding.Workflow?.Status === 'RESOLVED' || finding.RecordState === 'ARCHIVED',
  };
}

function fromOcsf(ref: FindingRef, document: Record<string, unknown>): Finding {
  const info = record(document.finding_info);
  const cloud = record(document.cloud);
  const compliance = record(document.compliance);
  const resources = Array.isArray(document.resources) ? document.resources.map(record) : [];
  return {
    ref,
    accountId: String(record(cloud.account).uid ?? ''),
    region: String(cloud.region ?? ''),
    title: String(info.title ?? ''),
    ...(typeof compliance.control === 'string' ? { control: compliance.control } : {}),
    types: Array.isArray(info.types) ? info.types.map(String) : [],
    resources: resources.map((resource) => ({
      type: normalType(resource.type),
      id: String(resource.uid ?? ''),
      ...(typeof resource.region === 'string' ? { region: resource.region } : {}),
      details: record(resource.data),
    })),
    // OCSF status_id 4 is Resolved, 5 Archived.
    resolved: document.status_id === 4 || document.status_id === 5,
  };
}

/**
 * Sets the finding's workflow status and note (ASFF) or status and comment (OCSF). A finding
 * Security Hub reports as unprocessed is an error: the caller must not claim it was updated.
 */
export async function writeBack(
  client: SecurityHubClient,
  ref: FindingRef,
  status: WriteBackStatus,
  note: string,
  updatedBy: string,
): Promise<void> {
  const text = note.length > 512 ? `${note.slice(0, 509)}...` : note;
  const operation =
    ref.kind === 'asff' ? 'securityhub:BatchUpdateFindings' : 'securityhub:BatchUpdateFindingsV2';
  let unprocessed: Array<{ ErrorCode?: string; ErrorMessage?: string }> | undefined;
  try {
    if (ref.kind === 'asff') {
      const answer = await client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: ref.id, ProductArn: ref.productArn }],
          Workflow: { Status: status },
          Note: { Text: text, UpdatedBy: updatedBy.slice(0, 512) || 'security-remediation-api' },
        }),
      );
      unprocessed = answer.UnprocessedFindings;
    } else {
      const answer = await client.send(
        new BatchUpdateFindingsV2Command({
          MetadataUids: [ref.metadataUid],
          StatusId: STATUS_IDS[status],
          Comment: text,
        }),
      );
      unprocessed = answer.UnprocessedFindings;
    }
  } catch (error) {
    throw translateAwsError(operation, error);
  }
  const [miss] = unprocessed ?? [];
  if (miss) {
    throw new AwsCallError(
      operation,
      miss.ErrorCode ?? 'Unprocessed',
      miss.ErrorMessage ?? 'not updated',
    );
  }
}
