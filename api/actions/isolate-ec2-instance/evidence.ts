import {
  CreateSnapshotCommand,
  type EC2Client,
  paginateDescribeSnapshots,
} from '@aws-sdk/client-ec2';
import { translateAwsError } from '../../aws/aws-error.js';
import type { PlannedStep } from '../define.js';
import { ISOLATION_TAG, TICKET_TAG } from '../ec2-instance/names.js';
import type { InstanceView } from '../ec2-instance/read-instance.js';

/** Snapshots this isolation already took, by volume: a rerun takes none twice. */
export async function evidenceSnapshots(
  ec2: EC2Client,
  isolationId: string,
): Promise<Map<string, string>> {
  const byVolume = new Map<string, string>();
  try {
    const pages = paginateDescribeSnapshots(
      { client: ec2 },
      { OwnerIds: ['self'], Filters: [{ Name: `tag:${ISOLATION_TAG}`, Values: [isolationId] }] },
    );
    for await (const page of pages) {
      for (const snapshot of page.Snapshots ?? []) {
        if (snapshot.VolumeId && snapshot.SnapshotId)
          byVolume.set(snapshot.VolumeId, snapshot.SnapshotId);
      }
    }
  } catch (error) {
    throw translateAwsError('ec2:DescribeSnapshots', error);
  }
  return byVolume;
}

/**
 * One snapshot per volume, all started together and never waited for: a snapshot captures the
 * volume as it is when the call returns, and completion can take hours.
 */
export function snapshotSteps(
  ec2: EC2Client,
  view: InstanceView,
  isolation: { id: string; ticket: string },
  taken: Map<string, string>,
  record: (volumeId: string, snapshotId: string) => void,
): PlannedStep[] {
  return view.volumes
    .filter((volume) => !taken.has(volume.volumeId))
    .map((volume) => ({
      action: 'ec2:CreateSnapshot',
      description: `Snapshot volume ${volume.volumeId} (${volume.device}) as evidence, tagged with the isolation id; not waited for.`,
      batch: 'snapshots',
      execute: async () => {
        try {
          const { SnapshotId } = await ec2.send(
            new CreateSnapshotCommand({
              VolumeId: volume.volumeId,
              Description: `Evidence: ${view.instanceId} ${volume.device}, isolation ${isolation.id}`,
              TagSpecifications: [
                {
                  ResourceType: 'snapshot',
                  Tags: [
                    { Key: ISOLATION_TAG, Value: isolation.id },
                    { Key: TICKET_TAG, Value: isolation.ticket },
                    {
                      Key: 'Name',
                      Value: `evidence-${view.instanceId}-${volume.device.split('/').pop()}`,
                    },
                  ],
                },
              ],
            }),
          );
          record(volume.volumeId, SnapshotId ?? '');
        } catch (error) {
          throw translateAwsError('ec2:CreateSnapshot', error);
        }
      },
    }));
}
