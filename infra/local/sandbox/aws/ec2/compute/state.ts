import { regionEc2, type Tag, type World } from '../../../state.js';
import { perWorld } from '../../world-state.js';
import type { NetworkInterface } from '../network-interface.js';

export type { NetworkInterface };

/**
 * EC2 compute state of one account and region: instances with their network interfaces, EBS
 * volumes and snapshots, and instance profile associations. Kept beside the world (keyed by the
 * world object, as Q Business is) so a reset, which swaps the world, also reseeds it.
 */
export interface RegionCompute {
  instances: Map<string, Instance>;
  networkInterfaces: Map<string, NetworkInterface>;
  volumes: Map<string, Volume>;
  snapshots: Map<string, Snapshot>;
  profileAssociations: Map<string, ProfileAssociation>;
}

export interface MetadataOptions {
  httpEndpoint: 'enabled' | 'disabled';
  httpTokens: 'optional' | 'required';
  httpPutResponseHopLimit: number;
}

export interface Instance {
  instanceId: string;
  ownerId: string;
  region: string;
  availabilityZone: string;
  vpcId: string;
  subnetId: string;
  imageId: string;
  instanceType: string;
  state: 'pending' | 'running' | 'stopping' | 'stopped';
  launchTime: Date;
  privateIpAddress: string;
  tags: Tag[];
  disableApiTermination: boolean;
  instanceInitiatedShutdownBehavior: 'stop' | 'terminate';
  metadataOptions: MetadataOptions;
  rootDeviceName: string;
}

export interface Volume {
  volumeId: string;
  ownerId: string;
  availabilityZone: string;
  size: number;
  volumeType: string;
  encrypted: boolean;
  createTime: Date;
  attachment?: {
    instanceId: string;
    device: string;
    attachTime: Date;
    deleteOnTermination: boolean;
  };
  tags: Tag[];
}

export interface Snapshot {
  snapshotId: string;
  volumeId: string;
  ownerId: string;
  volumeSize: number;
  description: string;
  startTime: Date;
  encrypted: boolean;
  tags: Tag[];
}

export interface ProfileAssociation {
  associationId: string;
  instanceId: string;
  instanceProfileArn: string;
  instanceProfileId: string;
}

/** The compute state of one account and region, empty on first use like a fresh AWS region. */
export const computeOf = perWorld(
  (world: World, accountId: string, region: string): RegionCompute => ({
    instances: new Map(),
    // The region's own: the interfaces of instances and of everything else are one set.
    networkInterfaces: regionEc2(world, accountId, region).networkInterfaces,
    volumes: new Map(),
    snapshots: new Map(),
    profileAssociations: new Map(),
  }),
);

export function instanceArn(instance: Instance): string {
  return `arn:aws:ec2:${instance.region}:${instance.ownerId}:instance/${instance.instanceId}`;
}
