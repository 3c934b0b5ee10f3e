import { SEED } from '../../seed.js';
import { WORKLOADS } from '../incident-workloads.js';
import { type AsffFinding, findingKey, type SecurityHubState } from './state.js';

const SECURITY_HUB = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';
const GUARDDUTY = 'arn:aws:securityhub:us-east-1::product/aws/guardduty';
const OBSERVED = '2025-06-16T13:20:00.000Z';
const { production, data } = SEED.accounts;
const sg = SEED.securityGroups;

/** Finding ids the tests and the docs refer to. */
export const FINDINGS = {
  sshOpen: `arn:aws:securityhub:us-east-1:${production}:security-control/EC2.13/finding/5eed0013-0000-4000-8000-000000000001`,
  rdpOpen: `arn:aws:securityhub:eu-west-1:${production}:security-control/EC2.14/finding/5eed0014-0000-4000-8000-000000000002`,
  highRiskPorts: `arn:aws:securityhub:us-east-1:${production}:security-control/EC2.19/finding/5eed0019-0000-4000-8000-000000000003`,
  adminPortsIpv4: `arn:aws:securityhub:us-east-1:${data}:security-control/EC2.53/finding/5eed0053-0000-4000-8000-000000000004`,
  adminPortsIpv6: `arn:aws:securityhub:us-east-1:${production}:security-control/EC2.54/finding/5eed0054-0000-4000-8000-000000000005`,
  protectedGroup: `arn:aws:securityhub:us-east-1:${production}:security-control/EC2.13/finding/5eed0013-0000-4000-8000-000000000006`,
  alreadyResolved: `arn:aws:securityhub:us-east-1:${production}:security-control/EC2.13/finding/5eed0013-0000-4000-8000-000000000007`,
  credentialExposure: `arn:aws:guardduty:us-east-1:${production}:detector/5eedd37ec70r/finding/5eed0c7ed0000000000000000000a001`,
  instanceCompromise: `arn:aws:guardduty:us-east-1:${production}:detector/5eedd37ec70r/finding/5eed0c7ed0000000000000000000a002`,
  unmappable: `arn:aws:securityhub:us-east-1:${production}:security-control/S3.8/finding/5eed0s38-0000-4000-8000-000000000008`,
  products: { securityHub: SECURITY_HUB, guardDuty: GUARDDUTY },
  /** web-1, the incident's compromised web server (incident-workloads.ts). */
  compromisedInstance: WORKLOADS.instances.webServer,
} as const;

const CONTROL_TITLES: Record<string, string> = {
  'EC2.13': 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22',
  'EC2.14': 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389',
  'EC2.19': 'Security groups should not allow unrestricted access to ports with high risk',
  'EC2.53':
    'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports',
  'EC2.54':
    'EC2 security groups should not allow ingress from ::/0 to remote server administration ports',
  'S3.8': 'S3 general purpose buckets should block public access',
};

function control(
  id: string,
  controlId: string,
  accountId: string,
  region: string,
  resource: { Type: string; Id: string; Details?: unknown },
  overrides: Partial<AsffFinding> = {},
): AsffFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: SECURITY_HUB,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    GeneratorId: `security-control/${controlId}`,
    AwsAccountId: accountId,
    Region: region,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: OBSERVED,
    LastObservedAt: OBSERVED,
    CreatedAt: OBSERVED,
    UpdatedAt: OBSERVED,
    Severity: { Label: 'HIGH', Normalized: 70, Original: 'HIGH' },
    Title: CONTROL_TITLES[controlId] ?? controlId,
    Description: `This control checks ${CONTROL_TITLES[controlId] ?? controlId}.`,
    ProductFields: { ControlId: controlId, RelatedAWSResources: resource.Type },
    Resources: [{ Partition: 'aws', Region: region, ...resource }],
    Compliance: { Status: 'FAILED', SecurityControlId: controlId },
    WorkflowState: 'NEW',
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    ...overrides,
  };
}

function group(accountId: string, region: string, groupId: string) {
  return {
    Type: 'AwsEc2SecurityGroup',
    Id: `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`,
    Details: { AwsEc2SecurityGroup: { GroupId: groupId } },
  };
}

function guardDuty(
  id: string,
  type: string,
  title: string,
  resource: { Type: string; Id: string; Details?: unknown },
): AsffFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: GUARDDUTY,
    ProductName: 'GuardDuty',
    CompanyName: 'Amazon',
    GeneratorId: id.split('/finding/')[0] as string,
    AwsAccountId: production,
    Region: 'us-east-1',
    Types: [type],
    FirstObservedAt: OBSERVED,
    LastObservedAt: OBSERVED,
    CreatedAt: OBSERVED,
    UpdatedAt: OBSERVED,
    Severity: { Label: 'HIGH', Normalized: 80, Product: 8 },
    Title: title,
    Description: title,
    Resources: [{ Partition: 'aws', Region: 'us-east-1', ...resource }],
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}

/**
 * The incident's findings, in the security account (111111111111) as delegated administrator
 * and aggregator in us-east-1: the controls that fail on the groups the attacker opened, the
 * GuardDuty findings on the compromised user and an instance, one finding on a protected group,
 * one already resolved, and one this API has no remediation for.
 */
export function seedFindings(): SecurityHubState {
  const findings: AsffFinding[] = [
    control(
      FINDINGS.sshOpen,
      'EC2.13',
      production,
      'us-east-1',
      group(production, 'us-east-1', sg.webFrontend),
    ),
    control(
      FINDINGS.rdpOpen,
      'EC2.14',
      production,
      'eu-west-1',
      group(production, 'eu-west-1', sg.euApp),
    ),
    control(
      FINDINGS.highRiskPorts,
      'EC2.19',
      production,
      'us-east-1',
      group(production, 'us-east-1', sg.crowded),
      {
        Severity: { Label: 'CRITICAL', Normalized: 90, Original: 'CRITICAL' },
      },
    ),
    control(
      FINDINGS.adminPortsIpv4,
      'EC2.53',
      data,
      'us-east-1',
      group(data, 'us-east-1', sg.dataPipeline),
    ),
    control(
      FINDINGS.adminPortsIpv6,
      'EC2.54',
      production,
      'us-east-1',
      group(production, 'us-east-1', sg.opsRange),
    ),
    control(
      FINDINGS.protectedGroup,
      'EC2.13',
      production,
      'us-east-1',
      group(production, 'us-east-1', sg.bastionProtected),
    ),
    control(
      FINDINGS.alreadyResolved,
      'EC2.13',
      production,
      'us-east-1',
      group(production, 'us-east-1', sg.alreadyFine),
      {
        Compliance: { Status: 'PASSED', SecurityControlId: 'EC2.13' },
        Workflow: { Status: 'RESOLVED' },
        Note: {
          Text: 'Closed by the network team',
          UpdatedBy: 'network-team',
          UpdatedAt: OBSERVED,
        },
      },
    ),
    guardDuty(
      FINDINGS.credentialExposure,
      'TTPs/Credential Access/CredentialAccess:IAMUser-AnomalousBehavior',
      'Anomalous credential use by IAM user devops-temp',
      {
        Type: 'AwsIamAccessKey',
        Id: `AWS::IAM::AccessKey:${SEED.iam.accessKeys['devops-temp'][0]}`,
        Details: {
          AwsIamAccessKey: {
            PrincipalName: 'devops-temp',
            PrincipalType: 'IAMUser',
            AccessKeyId: SEED.iam.accessKeys['devops-temp'][0],
            AccountId: production,
          },
        },
      },
    ),
    guardDuty(
      FINDINGS.instanceCompromise,
      'TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS',
      `EC2 instance ${FINDINGS.compromisedInstance} is querying a domain associated with a known command and control server`,
      {
        Type: 'AwsEc2Instance',
        Id: `arn:aws:ec2:us-east-1:${production}:instance/${FINDINGS.compromisedInstance}`,
        Details: { AwsEc2Instance: { Type: 't3.medium', VpcId: 'vpc-0c0ffee0000000001' } },
      },
    ),
    control(FINDINGS.unmappable, 'S3.8', production, 'us-east-1', {
      Type: 'AwsS3Bucket',
      Id: 'arn:aws:s3:::incident-exports-222222222222',
    }),
  ];
  return {
    administratorAccountId: SEED.accounts.security,
    aggregationRegion: 'us-east-1',
    findings: new Map(
      findings.map((finding) => [findingKey(finding.ProductArn, finding.Id), finding]),
    ),
    comments: new Map(),
  };
}
