import type { ServiceDefinition } from '../query.js';
import { QueryError } from '../query-error.js';
import { describeSecurityGroupRules, describeSecurityGroups } from './describe.js';
import { authorizeSecurityGroupIngress, revokeSecurityGroupIngress } from './ingress.js';
import { describeNetworkInterfaces } from './network-interfaces.js';

export const ec2Service: ServiceDefinition = {
  name: 'ec2',
  version: '2016-11-15',
  xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  style: 'ec2',
  operations: {
    DescribeSecurityGroups: dryRunnable(describeSecurityGroups),
    DescribeSecurityGroupRules: dryRunnable(describeSecurityGroupRules),
    DescribeNetworkInterfaces: dryRunnable(describeNetworkInterfaces),
    AuthorizeSecurityGroupIngress: dryRunnable(authorizeSecurityGroupIngress),
    RevokeSecurityGroupIngress: dryRunnable(revokeSecurityGroupIngress),
  },
  unknownAction: (action) =>
    new QueryError('InvalidAction', `The action ${action} is not valid for this web service.`),
};

/** DryRun only asks "am I allowed?"; the sandbox allows everything, so the answer is always yes. */
function dryRunnable(operation: ServiceDefinition['operations'][string]) {
  return ((context) => {
    if (context.params.bool('DryRun')) {
      throw new QueryError(
        'DryRunOperation',
        'Request would have succeeded, but DryRun flag is set.',
        412,
      );
    }
    return operation(context);
  }) satisfies ServiceDefinition['operations'][string];
}
