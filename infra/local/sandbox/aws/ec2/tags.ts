import type { Tag } from '../../state.js';
import type { Operation, QueryContext } from '../query.js';
import { QueryError } from '../query-error.js';
import { regionCompute } from './compute/lookup.js';
import { regionOf } from './groups.js';

/** EC2 allows 50 user tags per resource. */
const MAX_TAGS = 50;

/** The tag list of any taggable resource the sandbox keeps, by id. */
function tagsOf(context: QueryContext, resourceId: string): { tags: Tag[] } {
  const compute = regionCompute(context);
  const found =
    compute.instances.get(resourceId) ??
    compute.networkInterfaces.get(resourceId) ??
    compute.volumes.get(resourceId) ??
    compute.snapshots.get(resourceId) ??
    regionOf(context).securityGroups.get(resourceId);
  if (found) return found;
  const prefix = resourceId.split('-')[0] ?? '';
  const codes: Record<string, string> = {
    i: 'InvalidInstanceID.NotFound',
    eni: 'InvalidNetworkInterfaceID.NotFound',
    vol: 'InvalidVolume.NotFound',
    snap: 'InvalidSnapshot.NotFound',
    sg: 'InvalidGroup.NotFound',
  };
  throw new QueryError(
    codes[prefix] ?? 'InvalidID',
    `The ID '${resourceId}' is not valid or does not exist`,
  );
}

/** Every resource is checked before any is tagged: the call succeeds or changes nothing. */
export const createTags: Operation = (context) => {
  const { params } = context;
  const targets = params.strings('ResourceId').map((id) => tagsOf(context, id));
  const tags = params
    .list('Tag')
    .map((tag) => ({ key: tag.require('Key'), value: tag.get('Value') ?? '' }));
  if (targets.length === 0) {
    throw new QueryError(
      'MissingParameter',
      'The request must contain the parameter resourceIdSet',
    );
  }
  for (const tag of tags) {
    if (tag.key.toLowerCase().startsWith('aws:')) {
      throw new QueryError(
        'InvalidParameterValue',
        `Tag keys starting with 'aws:' are reserved for internal use`,
      );
    }
  }
  for (const target of targets) {
    const keys = new Set([...target.tags.map((tag) => tag.key), ...tags.map((tag) => tag.key)]);
    if (keys.size > MAX_TAGS) {
      throw new QueryError(
        'TagLimitExceeded',
        'The maximum number of Tags for a resource has been reached.',
      );
    }
  }
  for (const target of targets) {
    for (const tag of tags) {
      const existing = target.tags.find((candidate) => candidate.key === tag.key);
      if (existing) existing.value = tag.value;
      else target.tags.push({ ...tag });
    }
  }
  return { return: true };
};

/** A tag named with a value is removed only when the value matches; without one, whatever it is. */
export const deleteTags: Operation = (context) => {
  const { params } = context;
  const targets = params.strings('ResourceId').map((id) => tagsOf(context, id));
  const doomed = params
    .list('Tag')
    .map((tag) => ({ key: tag.require('Key'), value: tag.get('Value') }));
  for (const target of targets) {
    target.tags.splice(
      0,
      target.tags.length,
      ...target.tags.filter(
        (tag) =>
          doomed.length > 0 &&
          !doomed.some(
            (gone) =>
              gone.key === tag.key && (gone.value === undefined || gone.value === tag.value),
          ),
      ),
    );
  }
  return { return: true };
};
