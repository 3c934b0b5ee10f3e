import { regionEc2 } from '../../../state.js';
import type { Operation, QueryContext } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { applyFilters, type FilterFields, readFilters } from '../filters.js';
import { paginate } from '../paging.js';
import { instanceById, interfacesOf, readBool, regionCompute, tagSet } from './lookup.js';
import type { Instance, NetworkInterface } from './state.js';

const STATE_CODES: Record<Instance['state'], number> = {
  pending: 0,
  running: 16,
  stopping: 64,
  stopped: 80,
};

const INSTANCE_FIELDS: FilterFields<Instance> = {
  'instance-id': (instance) => [instance.instanceId],
  'vpc-id': (instance) => [instance.vpcId],
  'subnet-id': (instance) => [instance.subnetId],
  'instance-state-name': (instance) => [instance.state],
};

export const describeInstances: Operation = (context) => {
  const compute = regionCompute(context);
  const ids = context.params.strings('InstanceId');
  // Named instances must all exist: AWS fails the call rather than describing the ones it found.
  const named = ids.map((id) => instanceById(context, id));
  const candidates = named.length > 0 ? named : [...compute.instances.values()];
  const matching = applyFilters(
    candidates,
    readFilters(context.params),
    INSTANCE_FIELDS,
    (instance) => instance.tags,
  );
  const page = paginate(context, matching, (instance) => instance.instanceId);
  // One reservation per instance: the sandbox launches them one at a time.
  return {
    reservationSet: page.items.map((instance) => ({
      reservationId: `r-${instance.instanceId.slice(2)}`,
      ownerId: instance.ownerId,
      instancesSet: [instanceXml(context, instance)],
    })),
    nextToken: page.nextToken,
  };
};

function instanceXml(context: QueryContext, instance: Instance) {
  const compute = regionCompute(context);
  const interfaces = interfacesOf(compute, instance.instanceId);
  const primary = interfaces.find((eni) => eni.attachment?.deviceIndex === 0);
  const association = [...compute.profileAssociations.values()].find(
    (candidate) => candidate.instanceId === instance.instanceId,
  );
  const volumes = [...compute.volumes.values()].filter(
    (volume) => volume.attachment?.instanceId === instance.instanceId,
  );
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: { code: STATE_CODES[instance.state], name: instance.state },
    privateIpAddress: instance.privateIpAddress,
    ipAddress: primary?.publicIp,
    instanceType: instance.instanceType,
    launchTime: instance.launchTime,
    placement: { availabilityZone: instance.availabilityZone, tenancy: 'default' },
    subnetId: instance.subnetId,
    vpcId: instance.vpcId,
    rootDeviceType: 'ebs',
    rootDeviceName: instance.rootDeviceName,
    blockDeviceMapping: volumes.map((volume) => ({
      deviceName: volume.attachment?.device,
      ebs: {
        volumeId: volume.volumeId,
        status: 'attached',
        attachTime: volume.attachment?.attachTime,
        deleteOnTermination: volume.attachment?.deleteOnTermination,
      },
    })),
    iamInstanceProfile: association
      ? { arn: association.instanceProfileArn, id: association.instanceProfileId }
      : undefined,
    groupSet: groupSetXml(context, primary),
    tagSet: tagSet(instance.tags),
    networkInterfaceSet: interfaces.map((eni) => ({
      networkInterfaceId: eni.networkInterfaceId,
      subnetId: eni.subnetId,
      vpcId: eni.vpcId,
      description: eni.description,
      ownerId: eni.ownerId,
      status: 'in-use',
      privateIpAddress: eni.privateIpAddress,
      groupSet: groupSetXml(context, eni),
      attachment: {
        attachmentId: eni.attachment?.attachmentId,
        deviceIndex: eni.attachment?.deviceIndex,
        status: 'attached',
        deleteOnTermination: eni.attachment?.deviceIndex === 0,
      },
      association: eni.publicIp ? { publicIp: eni.publicIp, ipOwnerId: 'amazon' } : undefined,
    })),
    metadataOptions: { state: 'applied', ...instance.metadataOptions },
  };
}

export function groupSetXml(context: QueryContext, eni: NetworkInterface | undefined) {
  const groups = regionEc2(context.world, context.accountId, context.region).securityGroups;
  return (eni?.groupIds ?? []).map((groupId) => ({
    groupId,
    groupName: groups.get(groupId)?.groupName ?? groupId,
  }));
}

const ATTRIBUTES = ['disableApiTermination', 'instanceInitiatedShutdownBehavior'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

export const describeInstanceAttribute: Operation = (context) => {
  const instance = instanceById(context, context.params.require('InstanceId'));
  const attribute = context.params.require('Attribute') as Attribute;
  if (!ATTRIBUTES.includes(attribute)) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${attribute}) for parameter attribute is invalid. The sandbox answers only ${ATTRIBUTES.join(' and ')}.`,
    );
  }
  const value =
    attribute === 'disableApiTermination'
      ? instance.disableApiTermination
      : instance.instanceInitiatedShutdownBehavior;
  return { instanceId: instance.instanceId, [attribute]: { value } };
};

/** One attribute per call, in either of the two forms the API accepts. */
export const modifyInstanceAttribute: Operation = (context) => {
  const { params } = context;
  const instance = instanceById(context, params.require('InstanceId'));
  const given: Array<[Attribute, string]> = [];
  for (const name of ATTRIBUTES) {
    const nested = params.get(`${capitalize(name)}.Value`);
    if (nested !== undefined) given.push([name, nested]);
  }
  const attribute = params.get('Attribute');
  if (attribute !== undefined) given.push([attribute as Attribute, params.get('Value') ?? '']);
  if (given.length !== 1) {
    throw new QueryError(
      given.length === 0 ? 'MissingParameter' : 'InvalidParameterCombination',
      given.length === 0
        ? 'The request must contain the parameter attribute'
        : 'Only one attribute can be modified at a time',
    );
  }
  const [name, raw] = given[0] as [Attribute, string];
  if (name === 'disableApiTermination') {
    instance.disableApiTermination = readBool(raw, 'DisableApiTermination') ?? false;
  } else if (name === 'instanceInitiatedShutdownBehavior') {
    if (raw !== 'stop' && raw !== 'terminate') {
      throw new QueryError(
        'InvalidParameterValue',
        `Value (${raw}) for parameter instanceInitiatedShutdownBehavior is invalid.`,
      );
    }
    instance.instanceInitiatedShutdownBehavior = raw;
  } else {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${name}) for parameter attribute is invalid. The sandbox changes only ${ATTRIBUTES.join(' and ')}.`,
    );
  }
  return { return: true };
};

export const modifyInstanceMetadataOptions: Operation = (context) => {
  const { params } = context;
  const instance = instanceById(context, params.require('InstanceId'));
  const options = { ...instance.metadataOptions };
  const endpoint = params.get('HttpEndpoint');
  if (endpoint !== undefined) {
    if (endpoint !== 'enabled' && endpoint !== 'disabled') throw invalid('HttpEndpoint', endpoint);
    options.httpEndpoint = endpoint;
  }
  const tokens = params.get('HttpTokens');
  if (tokens !== undefined) {
    if (tokens !== 'optional' && tokens !== 'required') throw invalid('HttpTokens', tokens);
    options.httpTokens = tokens;
  }
  const hops = params.int('HttpPutResponseHopLimit');
  if (hops !== undefined) {
    if (hops < 1 || hops > 64) throw invalid('HttpPutResponseHopLimit', String(hops));
    options.httpPutResponseHopLimit = hops;
  }
  instance.metadataOptions = options;
  return {
    instanceId: instance.instanceId,
    instanceMetadataOptions: { state: 'pending', ...options },
  };
};

const invalid = (name: string, value: string) =>
  new QueryError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid.`);
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
