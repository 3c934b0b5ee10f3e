import type { ServiceDefinition } from '../query.js';
import { QueryError } from '../query-error.js';
import {
  describeInstanceAttribute,
  describeInstances,
  modifyInstanceAttribute,
  modifyInstanceMetadataOptions,
} from './compute/instances.js';
import { modifyNetworkInterfaceAttribute } from './compute/network-interfaces.js';
import {
  associateIamInstanceProfile,
  describeIamInstanceProfileAssociations,
  disassociateIamInstanceProfile,
} from './compute/profile-associations.js';
import {
  createSnapshot,
  createSnapshots,
  describeSnapshots,
  describeVolumes,
} from './compute/volumes.js';
import { createSecurityGroup } from './create-group.js';
import { describeSecurityGroupRules, describeSecurityGroups } from './describe.js';
import { authorizeSecurityGroupEgress, revokeSecurityGroupEgress } from './egress.js';
import { authorizeSecurityGroupIngress, revokeSecurityGroupIngress } from './ingress.js';
import { describeNetworkInterfaces } from './network-interfaces.js';
import { createTags, deleteTags } from './tags.js';

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
    CreateSecurityGroup: dryRunnable(createSecurityGroup),
    AuthorizeSecurityGroupEgress: dryRunnable(authorizeSecurityGroupEgress),
    RevokeSecurityGroupEgress: dryRunnable(revokeSecurityGroupEgress),
    CreateTags: dryRunnable(createTags),
    DeleteTags: dryRunnable(deleteTags),
    // instances and what an isolation touches on them
    DescribeInstances: dryRunnable(describeInstances),
    DescribeInstanceAttribute: dryRunnable(describeInstanceAttribute),
    ModifyInstanceAttribute: dryRunnable(modifyInstanceAttribute),
    ModifyInstanceMetadataOptions: dryRunnable(modifyInstanceMetadataOptions),
    ModifyNetworkInterfaceAttribute: dryRunnable(modifyNetworkInterfaceAttribute),
    DescribeVolumes: dryRunnable(describeVolumes),
    CreateSnapshot: dryRunnable(createSnapshot),
    CreateSnapshots: dryRunnable(createSnapshots),
    DescribeSnapshots: dryRunnable(describeSnapshots),
    DescribeIamInstanceProfileAssociations: dryRunnable(describeIamInstanceProfileAssociations),
    AssociateIamInstanceProfile: dryRunnable(associateIamInstanceProfile),
    DisassociateIamInstanceProfile: dryRunnable(disassociateIamInstanceProfile),
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
