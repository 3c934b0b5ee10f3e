import type { Finding, FindingResource } from '../../aws/security-hub-findings.js';
import type { Target } from '../define.js';

/** Security Hub's remote server administration ports (EC2.53, EC2.54). */
const REMOTE_ADMINISTRATION = [22, 3389];
/** EC2.19's high-risk ports, from the control's definition. */
const HIGH_RISK = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500,
  5601, 8080, 8088, 8888, 9200, 9300,
];

/** Which ports a control asks to close, and from which sources it counts a rule as open. */
export const CONTROL_PORTS: Record<string, { ports: number[]; family?: 'ipv4' | 'ipv6' }> = {
  'EC2.13': { ports: [22] },
  'EC2.14': { ports: [3389] },
  'EC2.19': { ports: HIGH_RISK },
  'EC2.53': { ports: REMOTE_ADMINISTRATION, family: 'ipv4' },
  'EC2.54': { ports: REMOTE_ADMINISTRATION, family: 'ipv6' },
};

/** What a finding asks for, in this API's terms. */
export type Remedy =
  | { kind: 'ports'; control: string; accountId: string; region: string; groupId: string }
  | { kind: 'user'; accountId: string; userName: string }
  | { kind: 'instance'; accountId: string; region: string; instanceId: string };

export const CAN_FIX =
  "This API fixes Security Hub controls EC2.13, EC2.14, EC2.19, EC2.53 and EC2.54 (security groups open to the internet: it closes the ports they name), GuardDuty findings about an IAM user's credentials (it revokes the user's credentials), and EC2 instance findings (it isolates the instance) where this deployment offers isolation.";

const arnPart = (arn: string, index: number) => arn.split(':')[index] ?? '';

/**
 * The account a finding's resources name when it is not the account the finding is about.
 * Security Hub takes findings from many products (and BatchImportFindings), so a finding is
 * trusted to name resources of its own account only: it must not steer a fix elsewhere.
 */
export function foreignAccountOf(finding: Finding): string | undefined {
  // Only ARNs carry an account; GuardDuty names an access key as `AWS::IAM::AccessKey:<id>`.
  return finding.resources
    .filter((resource) => resource.id.startsWith('arn:'))
    .map((resource) => arnPart(resource.id, 4))
    .find((account) => account !== '' && account !== finding.accountId);
}

/** The remedy for a finding, or undefined when this API has none. */
export function remedyFor(finding: Finding): Remedy | undefined {
  if (!/^\d{12}$/.test(finding.accountId) || foreignAccountOf(finding)) return undefined;
  if (finding.control && finding.control in CONTROL_PORTS) {
    const group = finding.resources.find((r) => r.type === 'awsec2securitygroup');
    const groupId = group && groupIdOf(group);
    if (group && groupId) {
      return {
        kind: 'ports',
        control: finding.control,
        accountId: finding.accountId,
        region: group.region ?? (arnPart(group.id, 3) || finding.region),
        groupId,
      };
    }
  }
  const aboutUser = finding.types.some((type) => /IAMUser[/-]/.test(type));
  if (aboutUser) {
    const userName = finding.resources.map(userNameOf).find(Boolean);
    if (userName) return { kind: 'user', accountId: finding.accountId, userName };
  }
  const instance = finding.resources.find((r) => r.type === 'awsec2instance');
  const instanceId = instance && /(i-[0-9a-f]{8,17})$/.exec(instance.id)?.[1];
  if (instance && instanceId) {
    return {
      kind: 'instance',
      accountId: finding.accountId,
      region: instance.region ?? (arnPart(instance.id, 3) || finding.region),
      instanceId,
    };
  }
  return undefined;
}

function groupIdOf(resource: FindingResource): string | undefined {
  const details = resource.details.AwsEc2SecurityGroup as { GroupId?: string } | undefined;
  return details?.GroupId ?? /(sg-[0-9a-f]{8,17})$/.exec(resource.id)?.[1];
}

/** GuardDuty names the user in the access key's details; an IAM user resource names it too. */
function userNameOf(resource: FindingResource): string | undefined {
  if (resource.type === 'awsiamaccesskey') {
    const key = resource.details.AwsIamAccessKey as
      | { PrincipalName?: string; PrincipalType?: string; UserName?: string }
      | undefined;
    if (key?.PrincipalType && key.PrincipalType !== 'IAMUser') return undefined;
    return key?.PrincipalName ?? key?.UserName;
  }
  if (resource.type === 'awsiamuser') {
    const user = resource.details.AwsIamUser as { UserName?: string } | undefined;
    return user?.UserName ?? /:user\/(?:.*\/)?([^/]+)$/.exec(resource.id)?.[1];
  }
  return undefined;
}

/** Where the remedy acts: the same target, and so the same lock, as the direct call. */
export function targetOf(remedy: Remedy): Target {
  switch (remedy.kind) {
    case 'ports':
      return {
        accountId: remedy.accountId,
        region: remedy.region,
        resourceType: 'security group',
        resourceId: remedy.groupId,
      };
    case 'user':
      return { accountId: remedy.accountId, resourceType: 'IAM user', resourceId: remedy.userName };
    case 'instance':
      return {
        accountId: remedy.accountId,
        region: remedy.region,
        resourceType: 'EC2 instance',
        resourceId: remedy.instanceId,
      };
  }
}
