import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { investigatorCredentials } from './member-account.js';

export interface MemberClients {
  ec2: EC2Client;
  iam: IAMClient;
  autoScaling: AutoScalingClient;
  elb: ElasticLoadBalancingV2Client;
  /** The credentials, for the AWS CLI. */
  env: Record<string, string>;
  destroy(): void;
}

/**
 * Clients acting in a member account of the sandbox, reached as an investigator would
 * (AssumeRole from the security account), to look at what an isolation left behind.
 */
export async function memberClients(
  endpoint: string,
  accountId: string,
  region: string,
): Promise<MemberClients> {
  const credentials = await investigatorCredentials(endpoint, accountId, region);
  const settings = { endpoint, region, credentials, maxAttempts: 1 };
  const clients = {
    ec2: new EC2Client(settings),
    iam: new IAMClient(settings),
    autoScaling: new AutoScalingClient(settings),
    elb: new ElasticLoadBalancingV2Client(settings),
  };
  return {
    ...clients,
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpoint,
    },
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}
