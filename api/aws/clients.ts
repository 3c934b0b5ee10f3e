import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { awsSafeName, type Requester } from '../auth/requester.js';
import type { Config } from '../config.js';
import { AllowedAccounts } from './allowed-accounts.js';
import { Ec2Pacer } from './ec2-pacer.js';
import { partitionOf } from './partition.js';
import { RoleCredentialsCache } from './role-credentials.js';

/** Settings every SDK client shares; endpoints and base credentials come from the SDK's own env. */
export interface AwsClientOptions {
  /** Attempts per call, counting the first (SDK default 3). */
  maxAttempts?: number;
  /** Most clients kept; the least recently used is dropped past this. */
  maxClients?: number;
  /** Injected STS client (tests); otherwise one in the home region. */
  sts?: STSClient;
  /** Injected allow-list (tests); otherwise one reading the configured source. */
  allowedAccounts?: AllowedAccounts;
  /** EC2's refill rates as a share of AWS's (the bench's scaled sandbox); 1 otherwise. */
  ec2RefillScale?: number;
}

/** The clients an action may use, already bound to one requester. */
export interface MemberAccountClients {
  ec2(accountId: string, region: string): EC2Client;
  iam(accountId: string): IAMClient;
  autoScaling(accountId: string, region: string): AutoScalingClient;
  elbv2(accountId: string, region: string): ElasticLoadBalancingV2Client;
  /** The accounts this deployment may act in (for actions that span accounts, like a scan). */
  allowedAccounts(): Promise<readonly string[]>;
  /**
   * Security Hub in this (security) account, the organisation's delegated administrator, in its
   * home Region (the aggregation Region): findings of every member are read and updated here,
   * with this service's own credentials rather than a member's role.
   */
  securityHub(): Promise<SecurityHubClient>;
}

type AnyClient = EC2Client | IAMClient | AutoScalingClient | ElasticLoadBalancingV2Client;

const CLIENTS = {
  ec2: EC2Client,
  iam: IAMClient,
  autoScaling: AutoScalingClient,
  elbv2: ElasticLoadBalancingV2Client,
};
type ClientKind = keyof typeof CLIENTS;

/**
 * Hands out SDK clients that act in a member account through the remediation role, with the
 * requester as SourceIdentity so the member account's CloudTrail names the person who asked.
 * One client per account × region × service × requester: adaptive retry keeps its rate limiter
 * per client instance, and credentials differ per requester.
 */
/**
 * Without these a call to an endpoint that stops answering waits forever while the run holds its
 * resource lock. A member-account call answers in well under a second; ten leaves room for a slow
 * IAM List, and the retries (adaptive, up to maxAttempts) cover a dropped connection.
 */
const REQUEST_TIMEOUTS = { connectionTimeout: 3000, requestTimeout: 10000 };

export class AwsClientFactory {
  private readonly credentials: RoleCredentialsCache;
  private readonly allowed: AllowedAccounts;
  private readonly clients = new Map<string, AnyClient>();
  /** Shared by every requester's clients: EC2's buckets are per account and Region, not per caller. */
  private readonly ec2Pacer: Ec2Pacer;
  private readonly maxAttempts: number;
  private readonly maxClients: number;

  constructor(
    private readonly config: Config,
    options: AwsClientOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.maxClients = options.maxClients ?? 200;
    this.ec2Pacer = new Ec2Pacer(options.ec2RefillScale);
    const sts =
      options.sts ??
      new STSClient({
        region: config.homeRegion,
        maxAttempts: this.maxAttempts,
        retryMode: 'adaptive',
        requestHandler: REQUEST_TIMEOUTS,
      });
    this.credentials = new RoleCredentialsCache(
      sts,
      config.sessionDurationSeconds,
      partitionOf(config.homeRegion),
    );
    this.allowed = options.allowedAccounts ?? new AllowedAccounts(config, sts);
  }

  /** The accounts this deployment may act in, from the list or the organisation (cached). */
  allowedAccounts(): Promise<readonly string[]> {
    return this.allowed.list();
  }

  forRequester(requester: Requester): MemberAccountClients {
    return {
      ec2: (accountId, region) => this.client('ec2', accountId, region, requester) as EC2Client,
      // IAM is global; its endpoint lives in the home partition's region.
      iam: (accountId) =>
        this.client('iam', accountId, this.config.homeRegion, requester) as IAMClient,
      autoScaling: (accountId, region) =>
        this.client('autoScaling', accountId, region, requester) as AutoScalingClient,
      elbv2: (accountId, region) =>
        this.client('elbv2', accountId, region, requester) as ElasticLoadBalancingV2Client,
      allowedAccounts: () => this.allowedAccounts(),
      securityHub: () => this.securityHubClient(),
    };
  }

  private securityHub?: Promise<SecurityHubClient>;

  // Loaded on first use: only remediateFinding needs the Security Hub client, a large one.
  private securityHubClient(): Promise<SecurityHubClient> {
    this.securityHub ??= import('@aws-sdk/client-securityhub').then(
      ({ SecurityHubClient }) =>
        new SecurityHubClient({
          region: this.config.homeRegion,
          maxAttempts: this.maxAttempts,
          retryMode: 'adaptive',
          requestHandler: REQUEST_TIMEOUTS,
        }),
    );
    return this.securityHub;
  }

  private client(
    kind: ClientKind,
    accountId: string,
    region: string,
    requester: Requester,
  ): AnyClient {
    const sourceIdentity = awsSafeName(requester.name);
    const key = `${kind}/${accountId}/${region}/${sourceIdentity}`;
    const existing = this.clients.get(key);
    if (existing) {
      // Re-insert to keep the map in least-recently-used order.
      this.clients.delete(key);
      this.clients.set(key, existing);
      return existing;
    }
    const session = {
      accountId,
      roleName: this.config.remediationRoleName,
      sourceIdentity,
      roleSessionName: awsSafeName(requester.name, 'remediation-'),
    };
    const settings = {
      region,
      maxAttempts: this.maxAttempts,
      retryMode: 'adaptive' as const,
      requestHandler: REQUEST_TIMEOUTS,
      credentials: () => this.credentials.get(session),
    };
    const client = new CLIENTS[kind](settings);
    if (client instanceof EC2Client) this.ec2Pacer.attach(client, accountId, region);
    this.clients.set(key, client);
    this.evict();
    return client;
  }

  private evict(): void {
    while (this.clients.size > this.maxClients) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.get(oldest)?.destroy();
      this.clients.delete(oldest);
    }
  }
}
