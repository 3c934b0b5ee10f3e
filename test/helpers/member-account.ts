import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * Credentials in a member account of the sandbox, reached the way an investigator would
 * (AssumeRole from the security account), to look at the state a remediation left behind.
 */
export async function investigatorCredentials(
  endpoint: string,
  accountId: string,
  region: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const base = { accessKeyId: 'investigator', secretAccessKey: 'investigator' };
  const sts = new STSClient({ endpoint, region, credentials: base });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/SecurityRemediationRole`,
      RoleSessionName: 'test-investigator',
    }),
  );
  sts.destroy();
  return {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? '',
  };
}

/** An EC2 client acting as the investigator in a member account. */
export async function memberEc2(
  endpoint: string,
  accountId: string,
  region: string,
): Promise<EC2Client> {
  const credentials = await investigatorCredentials(endpoint, accountId, region);
  return new EC2Client({ endpoint, region, credentials });
}

/** Every ingress rule of a group, all pages, as "proto from-to cidr" strings keyed by rule id. */
export async function ingressOf(ec2: EC2Client, groupId: string): Promise<Map<string, string>> {
  const rules: SecurityGroupRule[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [groupId] }],
        NextToken,
      }),
    );
    rules.push(...(page.SecurityGroupRules ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return new Map(
    rules
      .filter((rule) => !rule.IsEgress)
      .map((rule) => [
        rule.SecurityGroupRuleId ?? '',
        `${rule.IpProtocol} ${rule.FromPort}-${rule.ToPort} ${rule.CidrIpv4 ?? rule.CidrIpv6}`,
      ]),
  );
}
