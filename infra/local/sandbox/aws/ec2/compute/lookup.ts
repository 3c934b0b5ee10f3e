import type { Tag } from '../../../state.js';
import type { QueryParams } from '../../params.js';
import type { QueryContext } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { computeOf, type Instance, type NetworkInterface, type RegionCompute } from './state.js';

export function regionCompute(context: QueryContext): RegionCompute {
  return computeOf(context.world, context.accountId, context.region);
}

const ID = (prefix: string) => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);

/** EC2's malformed-id answer, e.g. `InvalidInstanceID.Malformed`. */
function checkId(id: string, prefix: string, code: string): void {
  if (!ID(prefix).test(id)) {
    throw new QueryError(`${code}.Malformed`, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  }
}

export function instanceById(context: QueryContext, instanceId: string): Instance {
  checkId(instanceId, 'i', 'InvalidInstanceID');
  const instance = regionCompute(context).instances.get(instanceId);
  if (!instance) {
    throw new QueryError(
      'InvalidInstanceID.NotFound',
      `The instance ID '${instanceId}' does not exist`,
    );
  }
  return instance;
}

export function interfaceById(context: QueryContext, id: string): NetworkInterface {
  checkId(id, 'eni', 'InvalidNetworkInterfaceID');
  const found = regionCompute(context).networkInterfaces.get(id);
  if (!found) {
    throw new QueryError(
      'InvalidNetworkInterfaceID.NotFound',
      `The networkInterface ID '${id}' does not exist`,
    );
  }
  return found;
}

export function checkVolumeId(id: string): void {
  checkId(id, 'vol', 'InvalidVolumeID');
}

/** The interfaces attached to an instance, by device index. */
export function interfacesOf(compute: RegionCompute, instanceId: string): NetworkInterface[] {
  return [...compute.networkInterfaces.values()]
    .filter((eni) => eni.attachment?.instanceId === instanceId)
    .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0));
}

/** Tags of `TagSpecification.N` for one resource type; any other type is refused as AWS does. */
export function readTagSpecifications(params: QueryParams, resourceTypes: string[]): Tag[] {
  const tags: Tag[] = [];
  for (const spec of params.list('TagSpecification')) {
    const type = spec.get('ResourceType') ?? '';
    if (!resourceTypes.includes(type)) {
      throw new QueryError(
        'InvalidParameterValue',
        `'${type}' is not a valid taggable resource type for this operation.`,
      );
    }
    for (const tag of spec.list('Tag')) {
      tags.push({ key: tag.require('Key'), value: tag.get('Value') ?? '' });
    }
  }
  return tags;
}

export const tagSet = (tags: Tag[]) => tags.map((tag) => ({ key: tag.key, value: tag.value }));

/** EC2 booleans on the wire (`DisableApiTermination.Value=true`). */
export function readBool(raw: string | undefined, name: string): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new QueryError('InvalidParameterValue', `Invalid value '${raw}' for ${name}`);
}
