import type { ServiceDefinition } from '../query.js';
import { QueryError } from '../query-error.js';
import { iamOperations } from './operations.js';

export const iamService: ServiceDefinition = {
  name: 'iam',
  version: '2010-05-08',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
  style: 'query',
  operations: iamOperations,
  // IAM's own wording for an Action it does not know; it is also the answer for the ones the
  // sandbox does not emulate yet.
  unknownAction: (action) =>
    new QueryError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`),
};
