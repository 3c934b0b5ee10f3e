import { regionEc2, type Tag, type World } from '../../../state.js';
import { instanceProfilesOf } from '../../iam/instance-profiles.js';
import { WORKLOADS } from '../../incident-workloads.js';
import { computeOf, type Instance, type RegionCompute } from './state.js';

const LAUNCHED = new Date('2025-05-20T07:30:00Z');
const ISOLATED_AT = new Date('2025-06-10T11:00:00Z');

interface InstanceSeed {
  id: string;
  name: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  tags?: Record<string, string>;
  /** Interfaces by device index: [eni id, group ids, public ip?]. */
  interfaces: Array<[string, string[], string?]>;
  /** Volumes: [volume id, device, size GiB]; the first is the root. */
  volumes: Array<[string, string, number]>;
  profileAssociation?: string;
  isolated?: boolean;
}

const { instances: i, webServer, groups, vpcId, quarantineVpcId } = WORKLOADS;

const INSTANCES: InstanceSeed[] = [
  {
    id: i.webServer,
    name: 'web-1',
    vpcId,
    subnetId: 'subnet-05eed0000000000a1',
    privateIp: '10.0.1.10',
    interfaces: [
      [webServer.interfaces[0], [groups.web], webServer.publicIp],
      [webServer.interfaces[1], [groups.internal]],
    ],
    volumes: [
      [webServer.volumes[0], '/dev/xvda', 8],
      [webServer.volumes[1], '/dev/xvdf', 100],
    ],
    profileAssociation: webServer.profileAssociation,
  },
  {
    id: i.neighbourA,
    name: 'web-2',
    vpcId,
    subnetId: 'subnet-05eed0000000000a2',
    privateIp: '10.0.2.11',
    interfaces: [['eni-05eed0000000000a3', [groups.web], '198.51.100.11']],
    volumes: [['vol-05eed0000000000a3', '/dev/xvda', 8]],
    profileAssociation: 'iip-assoc-05eed0000000000a2',
  },
  {
    id: i.neighbourB,
    name: 'web-3',
    vpcId,
    subnetId: 'subnet-05eed0000000000a1',
    privateIp: '10.0.1.12',
    interfaces: [['eni-05eed0000000000a4', [groups.web], '198.51.100.12']],
    volumes: [['vol-05eed0000000000a4', '/dev/xvda', 8]],
    profileAssociation: 'iip-assoc-05eed0000000000a3',
  },
  {
    id: i.protectedDb,
    name: 'payments-db',
    vpcId,
    subnetId: 'subnet-05eed0000000000a1',
    privateIp: '10.0.1.20',
    tags: { 'remediation:protected': 'true', owner: 'payments' },
    interfaces: [['eni-05eed0000000000b1', [groups.internal]]],
    volumes: [['vol-05eed0000000000b1', '/dev/xvda', 200]],
  },
  {
    id: i.alreadyIsolated,
    name: 'old-build-agent',
    vpcId: quarantineVpcId,
    subnetId: 'subnet-05eed0000000000c1',
    privateIp: '10.9.0.5',
    tags: {
      'security:isolation': WORKLOADS.earlierIsolationId,
      'security:isolation-ticket': 'SEC-088',
      'security:isolated-at': ISOLATED_AT.toISOString(),
    },
    interfaces: [['eni-05eed0000000000c1', [WORKLOADS.isolationGroup]]],
    volumes: [['vol-05eed0000000000c1', '/dev/xvda', 30]],
    isolated: true,
  },
];

/** Instances, interfaces, volumes and profile associations of the incident's account. */
export function seedCompute(world: World): void {
  const { accountId, region } = WORKLOADS;
  const compute = computeOf(world, accountId, region);
  regionEc2(world, accountId, region).securityGroups.set(WORKLOADS.isolationGroup, {
    groupId: WORKLOADS.isolationGroup,
    groupName: 'security-isolation',
    description: 'Isolated instances: no traffic in or out',
    vpcId: quarantineVpcId,
    ownerId: accountId,
    tags: [{ key: 'security:isolation-group', value: 'isolation' }],
    rules: [],
  });
  const profile = instanceProfilesOf(world, accountId).get(WORKLOADS.instanceProfile);
  for (const seed of INSTANCES) seedInstance(compute, seed, profile);
}

function seedInstance(
  compute: RegionCompute,
  seed: InstanceSeed,
  profile: { arn: string; instanceProfileId: string } | undefined,
): void {
  const { accountId, region } = WORKLOADS;
  const az = seed.subnetId.endsWith('a2') ? 'us-east-1b' : 'us-east-1a';
  const instance: Instance = {
    instanceId: seed.id,
    ownerId: accountId,
    region,
    availabilityZone: az,
    vpcId: seed.vpcId,
    subnetId: seed.subnetId,
    imageId: 'ami-05eed000000000001',
    instanceType: 't3.medium',
    state: 'running',
    launchTime: LAUNCHED,
    privateIpAddress: seed.privateIp,
    tags: tags({ Name: seed.name, ...seed.tags }),
    disableApiTermination: seed.isolated === true,
    // Launched by the group with the launch template's setting; an isolation makes it stop.
    instanceInitiatedShutdownBehavior: seed.isolated ? 'stop' : 'terminate',
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'optional',
      httpPutResponseHopLimit: 1,
    },
    rootDeviceName: '/dev/xvda',
  };
  compute.instances.set(instance.instanceId, instance);
  seed.interfaces.forEach(([id, groupIds, publicIp], deviceIndex) => {
    compute.networkInterfaces.set(id, {
      networkInterfaceId: id,
      ownerId: accountId,
      vpcId: seed.vpcId,
      subnetId: seed.subnetId,
      availabilityZone: az,
      description:
        deviceIndex === 0 ? 'Primary network interface' : `${seed.name} interface ${deviceIndex}`,
      interfaceType: 'interface',
      requesterManaged: false,
      status: 'in-use',
      privateIpAddress:
        deviceIndex === 0 ? seed.privateIp : seed.privateIp.replace(/\.\d+\.(\d+)$/, '.2.$1'),
      ...(publicIp ? { publicIp } : {}),
      macAddress: `0e:${id.slice(-10).replace(/(..)(?!$)/g, '$1:')}`,
      attachment: {
        attachmentId: `eni-attach-${id.slice(4)}`,
        instanceId: seed.id,
        instanceOwnerId: accountId,
        deviceIndex,
        attachTime: LAUNCHED,
        deleteOnTermination: deviceIndex === 0,
      },
      groupIds: [...groupIds],
      groupHistory: [[...groupIds]],
      tags: [],
    });
  });
  for (const [volumeId, device, size] of seed.volumes) {
    compute.volumes.set(volumeId, {
      volumeId,
      ownerId: accountId,
      availabilityZone: az,
      size,
      volumeType: 'gp3',
      encrypted: true,
      createTime: LAUNCHED,
      attachment: {
        instanceId: seed.id,
        device,
        attachTime: LAUNCHED,
        deleteOnTermination: device === '/dev/xvda',
      },
      tags: [],
    });
    if (seed.isolated) {
      const snapshotId = `snap-${volumeId.slice(4)}`;
      compute.snapshots.set(snapshotId, {
        snapshotId,
        volumeId,
        ownerId: accountId,
        volumeSize: size,
        description: `Evidence of isolation ${WORKLOADS.earlierIsolationId}`,
        startTime: ISOLATED_AT,
        encrypted: true,
        tags: tags({ 'security:isolation': WORKLOADS.earlierIsolationId }),
      });
    }
  }
  if (seed.profileAssociation && profile) {
    compute.profileAssociations.set(seed.profileAssociation, {
      associationId: seed.profileAssociation,
      instanceId: seed.id,
      instanceProfileArn: profile.arn,
      instanceProfileId: profile.instanceProfileId,
    });
  }
}

function tags(record: Record<string, string>): Tag[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}
