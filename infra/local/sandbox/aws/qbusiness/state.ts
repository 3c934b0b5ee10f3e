import { createHash } from 'node:crypto';
import type { World } from '../../state.js';
import { seedQBusiness } from './seed.js';

/**
 * Amazon Q Business control-plane state: applications with their indices, plugins, data sources,
 * sync jobs and documents. Kept beside the world rather than inside it, keyed by the world
 * object, so a sandbox reset (which swaps the world) also puts Q Business back to its seed.
 */
export interface QBusinessState {
  applications: Map<string, QApplication>;
  ids: UuidFactory;
}

export interface QApplication {
  applicationId: string;
  applicationArn: string;
  accountId: string;
  region: string;
  displayName: string;
  description?: string;
  status: 'ACTIVE';
  identityType: string;
  createdAt: Date;
  updatedAt: Date;
  indices: Map<string, QIndex>;
  plugins: Map<string, QPlugin>;
}

export interface QIndex {
  indexId: string;
  indexArn: string;
  displayName: string;
  type: 'ENTERPRISE' | 'STARTER';
  status: 'ACTIVE';
  createdAt: Date;
  updatedAt: Date;
  dataSources: Map<string, QDataSource>;
  /** Document ids are unique across the whole index, whichever data source put them. */
  documents: Map<string, QDocument>;
}

/** A change is applied asynchronously: the status reads `pending` until `settlesAt`. */
export interface Settling<Pending extends string, Final extends string> {
  pending: Pending;
  final: Final;
  settlesAt: Date;
}

export type BuildStatus =
  | 'READY'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_FAILED';

export interface QPlugin {
  pluginId: string;
  pluginArn: string;
  displayName: string;
  type: string;
  serverUrl?: string;
  authConfiguration: Record<string, unknown>;
  customPluginConfiguration?: {
    description: string;
    apiSchemaType: string;
    apiSchema: { payload?: string; s3?: { bucket: string; key: string } };
  };
  state: 'ENABLED' | 'DISABLED';
  build: Settling<BuildStatus, BuildStatus>;
  /** Why the last build failed; the API has no field for it, so only /_sandbox/state shows it. */
  buildProblems: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type SyncStatus =
  | 'SYNCING'
  | 'SYNCING_INDEXING'
  | 'STOPPING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'ABORTED'
  | 'INCOMPLETE';

export interface QSyncJob {
  executionId: string;
  startTime: Date;
  endTime?: Date;
  /** SYNCING until stopped; then SYNCING_INDEXING that settles to SUCCEEDED. */
  status: Settling<SyncStatus, SyncStatus>;
  metrics: {
    documentsAdded: number;
    documentsModified: number;
    documentsDeleted: number;
    documentsFailed: number;
    documentsScanned: number;
  };
}

export interface QDataSource {
  dataSourceId: string;
  dataSourceArn: string;
  displayName: string;
  description?: string;
  type: string;
  configuration: Record<string, unknown>;
  status: Settling<'CREATING', 'ACTIVE'>;
  createdAt: Date;
  updatedAt: Date;
  /** Newest last. */
  syncJobs: QSyncJob[];
}

export interface QDocument {
  id: string;
  dataSourceId?: string;
  title?: string;
  contentType?: string;
  contentBytes: number;
  attributes: Array<{ name: string; value: Record<string, unknown> }>;
  createdAt: Date;
  updatedAt: Date;
}

const states = new WeakMap<World, QBusinessState>();

export function qbusinessOf(world: World): QBusinessState {
  let state = states.get(world);
  if (!state) {
    state = seedQBusiness();
    states.set(world, state);
  }
  return state;
}

/** The status a settling change shows at `now`. */
export function statusAt<P extends string, F extends string>(
  settling: Settling<P, F>,
  now: Date,
): P | F {
  return now.getTime() >= settling.settlesAt.getTime() ? settling.final : settling.pending;
}

/**
 * Q Business ids are 36-character uuids. The nth id of a kind is always the same, so a reseeded
 * sandbox hands out the same ids in the same order.
 */
export class UuidFactory {
  private readonly counters = new Map<string, number>();

  next(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const bytes = createHash('sha256').update(`qbusiness:${kind}:${n}`).digest().subarray(0, 16);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** How long the sandbox takes to apply an asynchronous change (plugin build, data source, sync). */
export const SETTLE_MS = 200;

export function settlesAfter(now: Date): Date {
  return new Date(now.getTime() + SETTLE_MS);
}
