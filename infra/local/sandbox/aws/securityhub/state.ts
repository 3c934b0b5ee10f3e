import type { World } from '../../state.js';
import { seedFindings } from './seed.js';

/**
 * An ASFF finding as Security Hub stores it: a JSON document. Only the fields the sandbox reads
 * are typed; the rest travels as it was seeded.
 */
export interface AsffFinding {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  Region: string;
  GeneratorId: string;
  Title: string;
  Description: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: string; Normalized?: number; Original?: string; Product?: number };
  Workflow: { Status: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED' };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  Compliance?: { Status: string; SecurityControlId?: string };
  ProductName?: string;
  Resources: Array<{
    Type: string;
    Id: string;
    Region?: string;
    Partition?: string;
    Details?: unknown;
  }>;
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
  [field: string]: unknown;
}

/**
 * Security Hub in the security account, the organisation's delegated administrator and its
 * aggregation Region: every member's findings are here. Kept beside the world, keyed by it, so a
 * reset puts the incident's findings back.
 */
export interface SecurityHubState {
  administratorAccountId: string;
  aggregationRegion: string;
  /** Keyed by `ProductArn` + `Id`: together they identify a finding. */
  findings: Map<string, AsffFinding>;
  /** BatchUpdateFindingsV2 comments, by finding (OCSF `comment` has no ASFF field). */
  comments: Map<string, string>;
}

const states = new WeakMap<World, SecurityHubState>();

export function securityHubOf(world: World): SecurityHubState {
  let state = states.get(world);
  if (!state) {
    state = seedFindings();
    states.set(world, state);
  }
  return state;
}

export const findingKey = (productArn: string, id: string) => `${productArn}\n${id}`;
