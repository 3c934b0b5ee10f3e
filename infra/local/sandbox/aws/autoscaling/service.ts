import type { ServiceDefinition } from '../query.js';
import { QueryError } from '../query-error.js';
import {
  describeAutoScalingGroups,
  describeAutoScalingInstances,
  enterStandby,
  exitStandby,
} from './operations.js';

/** The Auto Scaling query API (awsQuery, 2011-01-01): what isolating an instance needs. */
export const autoScalingService: ServiceDefinition = {
  name: 'autoscaling',
  version: '2011-01-01',
  xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  style: 'query',
  operations: {
    DescribeAutoScalingInstances: describeAutoScalingInstances,
    DescribeAutoScalingGroups: describeAutoScalingGroups,
    EnterStandby: enterStandby,
    ExitStandby: exitStandby,
  },
  unknownAction: (action) =>
    new QueryError('InvalidAction', `Could not find operation ${action} for version 2011-01-01`),
};
