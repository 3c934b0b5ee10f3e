import { instanceProfilesOf } from '../../iam/instance-profiles.js';
import type { Operation, QueryContext } from '../../query.js';
import { QueryError } from '../../query-error.js';
import { applyFilters, type FilterFields, readFilters } from '../filters.js';
import { paginate } from '../paging.js';
import { instanceById, regionCompute } from './lookup.js';
import type { ProfileAssociation } from './state.js';

const FIELDS: FilterFields<ProfileAssociation> = {
  'instance-id': (association) => [association.instanceId],
  state: () => ['associated'],
};

function associationXml(association: ProfileAssociation, state: string) {
  return {
    associationId: association.associationId,
    instanceId: association.instanceId,
    iamInstanceProfile: {
      arn: association.instanceProfileArn,
      id: association.instanceProfileId,
    },
    state,
  };
}

export const describeIamInstanceProfileAssociations: Operation = (context) => {
  const associations = regionCompute(context).profileAssociations;
  const ids = context.params.strings('AssociationId');
  for (const id of ids) associationById(context, id);
  const candidates = [...associations.values()].filter(
    (association) => ids.length === 0 || ids.includes(association.associationId),
  );
  const matching = applyFilters(candidates, readFilters(context.params), FIELDS, () => []);
  const page = paginate(context, matching, (association) => association.associationId);
  return {
    iamInstanceProfileAssociationSet: page.items.map((item) => associationXml(item, 'associated')),
    nextToken: page.nextToken,
  };
};

/** One profile per instance: a second association is refused, as AWS does. */
export const associateIamInstanceProfile: Operation = (context) => {
  const { params } = context;
  const instance = instanceById(context, params.require('InstanceId'));
  const arn = params.get('IamInstanceProfile.Arn');
  const name = params.get('IamInstanceProfile.Name') ?? arn?.split('/').pop();
  if (!name) {
    throw new QueryError(
      'MissingParameter',
      'The request must contain the parameter IamInstanceProfile',
    );
  }
  const profile = instanceProfilesOf(context.world, context.accountId).get(name);
  if (!profile || (arn !== undefined && profile.arn !== arn)) {
    throw new QueryError(
      'InvalidParameterValue',
      `Value (${arn ?? name}) for parameter iamInstanceProfile.${arn ? 'arn' : 'name'} is invalid. Invalid IAM Instance Profile ${arn ? 'ARN' : 'name'}`,
    );
  }
  const associations = regionCompute(context).profileAssociations;
  if ([...associations.values()].some((item) => item.instanceId === instance.instanceId)) {
    throw new QueryError(
      'IncorrectState',
      `There is an existing association for instance ${instance.instanceId}`,
    );
  }
  const association: ProfileAssociation = {
    associationId: context.world.ids.ec2('iip-assoc'),
    instanceId: instance.instanceId,
    instanceProfileArn: profile.arn,
    instanceProfileId: profile.instanceProfileId,
  };
  associations.set(association.associationId, association);
  return { iamInstanceProfileAssociation: associationXml(association, 'associating') };
};

/** AWS reports `disassociating`; the sandbox removes the association at once. */
export const disassociateIamInstanceProfile: Operation = (context) => {
  const association = associationById(context, context.params.require('AssociationId'));
  regionCompute(context).profileAssociations.delete(association.associationId);
  return { iamInstanceProfileAssociation: associationXml(association, 'disassociating') };
};

function associationById(context: QueryContext, id: string): ProfileAssociation {
  const association = regionCompute(context).profileAssociations.get(id);
  if (!association) {
    throw new QueryError(
      'InvalidAssociationID.NotFound',
      `An association with ID ${id} does not exist.`,
    );
  }
  return association;
}
