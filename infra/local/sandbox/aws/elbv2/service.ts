import type { ServiceDefinition } from '../query.js';
import { QueryError } from '../query-error.js';
import {
  deregisterTargets,
  describeTargetGroups,
  describeTargetHealth,
  registerTargets,
} from './operations.js';

/** The Elastic Load Balancing v2 query API (awsQuery, 2015-12-01), target groups only. */
export const elbv2Service: ServiceDefinition = {
  name: 'elasticloadbalancing',
  version: '2015-12-01',
  xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  style: 'query',
  operations: {
    DescribeTargetGroups: describeTargetGroups,
    DescribeTargetHealth: describeTargetHealth,
    RegisterTargets: registerTargets,
    DeregisterTargets: deregisterTargets,
  },
  unknownAction: (action) =>
    new QueryError('InvalidAction', `Could not find operation ${action} for version 2015-12-01`),
};
