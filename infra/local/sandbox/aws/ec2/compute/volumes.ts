import type { Operation, QueryContext } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { applyFilters, type FilterFields, readFilters } from '../filters.js';
import { paginate } from '../paging.js';
import {
  checkVolumeId,
  instanceById,
  readTagSpecifications,
  regionCompute,
  tagSet,
} from './lookup.js';
import type { Snapshot, Volume } from './state.js';

const VOLUME_FIELDS: FilterFields<Volume> = {
  'volume-id': (volume) => [volume.volumeId],
  'attachment.instance-id': (volume) => [volume.attachment?.instanceId],
  'attachment.device': (volume) => [volume.attachment?.device],
  status: (volume) => [volume.attachment ? 'in-use' : 'available'],
};

export const describeVolumes: Operation = (context) => {
  const compute = regionCompute(context);
  const named = context.params.strings('VolumeId').map((id) => volumeById(context, id));
  const candidates = named.length > 0 ? named : [...compute.volumes.values()];
  const matching = applyFilters(
    candidates,
    readFilters(context.params),
    VOLUME_FIELDS,
    (volume) => volume.tags,
  );
  const page = paginate(context, matching, (volume) => volume.volumeId);
  return {
    volumeSet: page.items.map((volume) => ({
      volumeId: volume.volumeId,
      size: volume.size,
      availabilityZone: volume.availabilityZone,
      status: volume.attachment ? 'in-use' : 'available',
      createTime: volume.createTime,
      volumeType: volume.volumeType,
      encrypted: volume.encrypted,
      attachmentSet: volume.attachment
        ? [
            {
              volumeId: volume.volumeId,
              instanceId: volume.attachment.instanceId,
              device: volume.attachment.device,
              status: 'attached',
              attachTime: volume.attachment.attachTime,
              deleteOnTermination: volume.attachment.deleteOnTermination,
            },
          ]
        : [],
      tagSet: tagSet(volume.tags),
    })),
    nextToken: page.nextToken,
  };
};

function volumeById(context: QueryContext, volumeId: string): Volume {
  checkVolumeId(volumeId);
  const volume = regionCompute(context).volumes.get(volumeId);
  if (!volume) {
    throw new QueryError('InvalidVolume.NotFound', `The volume '${volumeId}' does not exist.`);
  }
  return volume;
}

/** Snapshots start `pending` and are never waited for; the sandbox reports them completed. */
function snapshotOf(
  context: QueryContext,
  volume: Volume,
  description: string,
  tags: Snapshot['tags'],
) {
  const snapshot: Snapshot = {
    snapshotId: context.world.ids.ec2('snap'),
    volumeId: volume.volumeId,
    ownerId: context.accountId,
    volumeSize: volume.size,
    description,
    startTime: context.now,
    encrypted: volume.encrypted,
    tags: tags.map((tag) => ({ ...tag })),
  };
  regionCompute(context).snapshots.set(snapshot.snapshotId, snapshot);
  return snapshot;
}

function snapshotXml(snapshot: Snapshot, state: 'pending' | 'completed') {
  return {
    snapshotId: snapshot.snapshotId,
    volumeId: snapshot.volumeId,
    status: state,
    startTime: snapshot.startTime,
    progress: state === 'pending' ? '' : '100%',
    ownerId: snapshot.ownerId,
    volumeSize: snapshot.volumeSize,
    description: snapshot.description,
    encrypted: snapshot.encrypted,
    tagSet: tagSet(snapshot.tags),
  };
}

export const createSnapshot: Operation = (context) => {
  const volume = volumeById(context, context.params.require('VolumeId'));
  const tags = readTagSpecifications(context.params, ['snapshot']);
  const snapshot = snapshotOf(context, volume, context.params.get('Description') ?? '', tags);
  return snapshotXml(snapshot, 'pending');
};

/** Crash-consistent snapshots of every volume of one instance, in one call. */
export const createSnapshots: Operation = (context) => {
  const { params } = context;
  const instance = instanceById(context, params.require('InstanceSpecification.InstanceId'));
  const excludeBoot = params.bool('InstanceSpecification.ExcludeBootVolume');
  const tags = readTagSpecifications(params, ['snapshot']);
  const volumes = [...regionCompute(context).volumes.values()].filter(
    (volume) =>
      volume.attachment?.instanceId === instance.instanceId &&
      !(excludeBoot && volume.attachment.device === instance.rootDeviceName),
  );
  const copy = params.get('CopyTagsFromSource') === 'volume';
  const description = params.get('Description') ?? '';
  return {
    snapshotSet: volumes.map((volume) => {
      const snapshot = snapshotOf(context, volume, description, [
        ...(copy ? volume.tags : []),
        ...tags,
      ]);
      return {
        snapshotId: snapshot.snapshotId,
        volumeId: snapshot.volumeId,
        state: 'pending',
        startTime: snapshot.startTime,
        progress: '',
        ownerId: snapshot.ownerId,
        volumeSize: snapshot.volumeSize,
        description: snapshot.description,
        encrypted: snapshot.encrypted,
        tagSet: tagSet(snapshot.tags),
      };
    }),
  };
};

const SNAPSHOT_FIELDS: FilterFields<Snapshot> = {
  'snapshot-id': (snapshot) => [snapshot.snapshotId],
  'volume-id': (snapshot) => [snapshot.volumeId],
  'owner-id': (snapshot) => [snapshot.ownerId],
  status: () => ['completed'],
};

export const describeSnapshots: Operation = (context) => {
  const compute = regionCompute(context);
  const ids = context.params.strings('SnapshotId');
  for (const id of ids) {
    if (!compute.snapshots.has(id)) {
      throw new QueryError('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`);
    }
  }
  const candidates = [...compute.snapshots.values()].filter(
    (snapshot) => ids.length === 0 || ids.includes(snapshot.snapshotId),
  );
  const matching = applyFilters(
    candidates,
    readFilters(context.params),
    SNAPSHOT_FIELDS,
    (snapshot) => snapshot.tags,
  );
  const page = paginate(context, matching, (snapshot) => snapshot.snapshotId);
  return {
    snapshotSet: page.items.map((snapshot) => snapshotXml(snapshot, 'completed')),
    nextToken: page.nextToken,
  };
};
