import {
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceMetadataOptionsCommand,
} from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import type { MemberAccountClients } from '../../aws/clients.js';
import type { PlannedStep } from '../define.js';
import { instanceDenyDocument } from '../ec2-instance/instance-deny.js';
import { denyPolicyName } from '../ec2-instance/names.js';
import type { InstanceView } from '../ec2-instance/read-instance.js';
import { withIamRetry } from '../iam/retry.js';
import { call } from './instance-steps.js';

interface CredentialPlanning {
  aws: MemberAccountClients;
  accountId: string;
  region: string;
  now: () => Date;
  view: InstanceView;
  /** The role the instance had credentials of (now, or before an earlier run removed the profile). */
  roleName?: string;
  denied: boolean;
  disableMetadata: boolean;
  done: string[];
  stamped: (time: string) => void;
}

/**
 * The credentials already on the instance outlive the profile (hours), so first the role denies
 * them, for this instance only and issued before now, then the profile goes so no new ones come.
 * A deny already in place is stamped again while the profile is still there, since the instance
 * could have received fresh credentials since.
 */
export function credentialSteps(p: CredentialPlanning): PlannedStep[] {
  const { view } = p;
  const steps: PlannedStep[] = [];
  const roleName = p.roleName;
  if (roleName && (!p.denied || view.profile)) {
    const policyName = denyPolicyName(view.instanceId);
    steps.push({
      action: 'iam:PutRolePolicy',
      description: `Add inline policy ${policyName} to role ${roleName}: deny everything to credentials this instance (and only this instance, by ec2:SourceInstanceARN) obtained before this step runs. Other instances using the role keep working.`,
      execute: async () => {
        const issuedBefore = p.now();
        await withIamRetry('iam:PutRolePolicy', () =>
          p.aws.iam(p.accountId).send(
            new PutRolePolicyCommand({
              RoleName: roleName,
              PolicyName: policyName,
              PolicyDocument: instanceDenyDocument(view.arn, issuedBefore),
            }),
          ),
        );
        p.stamped(issuedBefore.toISOString());
        p.done.push(
          `denied the instance's credentials issued before ${issuedBefore.toISOString()} on role ${roleName}`,
        );
      },
    });
  }
  const profile = view.profile;
  if (profile) {
    steps.push({
      action: 'ec2:DisassociateIamInstanceProfile',
      description: `Remove instance profile ${profile.name} from the instance, so it gets no new credentials.`,
      execute: async () => {
        await call('ec2:DisassociateIamInstanceProfile', () =>
          p.aws
            .ec2(p.accountId, p.region)
            .send(
              new DisassociateIamInstanceProfileCommand({ AssociationId: profile.associationId }),
            ),
        );
        p.done.push(`removed instance profile ${profile.name}`);
      },
    });
  }
  if (p.disableMetadata && view.metadata.httpEndpoint !== 'disabled') {
    steps.push({
      action: 'ec2:ModifyInstanceMetadataOptions',
      description:
        'Turn off the instance metadata endpoint (asked for): software on the instance that reads its metadata stops working.',
      execute: async () => {
        await call('ec2:ModifyInstanceMetadataOptions', () =>
          p.aws.ec2(p.accountId, p.region).send(
            new ModifyInstanceMetadataOptionsCommand({
              InstanceId: view.instanceId,
              HttpEndpoint: 'disabled',
            }),
          ),
        );
        p.done.push('turned off the instance metadata endpoint');
      },
    });
  }
  return steps;
}
