import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export type MfaSetting = 'required' | 'optional';

export const GROUPS = {
  analysts: 'security-analysts',
  responders: 'security-responders',
  auditors: 'security-auditors',
} as const;

export interface UserDirectoryProps {
  /** `<prefix>.auth.<region>.amazoncognito.com` hosts sign-in and the token endpoint. */
  domainPrefix: string;
  resourceServer: string;
  mfa: MfaSetting;
  /** Cognito threat protection (Plus feature plan, billed per user). */
  threatProtection: boolean;
  /** The Q Business web experience URL plus `/oauth/callback`. */
  qBusinessCallbackUrl: string;
  /** The redirect URL Amazon Quick shows when creating the action connector. */
  quickCallbackUrl: string;
}

/**
 * The people and machines that may call the API: administrator-created users only, the
 * `remediation-api` scopes, the three security groups and one app client per caller.
 */
export class UserDirectory extends Construct {
  readonly pool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;
  readonly qBusinessClient: cognito.UserPoolClient;
  readonly quickClient: cognito.UserPoolClient;
  readonly automationClient: cognito.UserPoolClient;
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.pool = new cognito.UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.mfa === 'required' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection
        ? cognito.FeaturePlan.PLUS
        : cognito.FeaturePlan.ESSENTIALS,
      ...(props.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.mfa !== 'required') {
      Validations.of(this.pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA was set to optional for this deployment (context mfa=optional), for example while the identity team enrols authenticators; the default deployment requires it.',
      });
    }
    if (!props.threatProtection) {
      Validations.of(this.pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Cognito Plus plan; this deployment turned it off (context threatProtection=false). MFA and administrator-only sign-up remain.',
      });
    }

    this.domain = this.pool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.domainUrl = this.domain.baseUrl();

    const scopes = {
      read: new cognito.ResourceServerScope({
        scopeName: 'read',
        scopeDescription: 'Inspect resources',
      }),
      write: new cognito.ResourceServerScope({
        scopeName: 'write',
        scopeDescription: 'Change resources',
      }),
      audit: new cognito.ResourceServerScope({
        scopeName: 'audit',
        scopeDescription: 'Read the audit trail',
      }),
    };
    const server = this.pool.addResourceServer('ResourceServer', {
      identifier: props.resourceServer,
      userPoolResourceServerName: props.resourceServer,
      scopes: Object.values(scopes),
    });
    const oauthScope = (name: keyof typeof scopes) =>
      cognito.OAuthScope.resourceServer(server, scopes[name]);

    for (const [key, groupName] of Object.entries(GROUPS)) {
      this.pool.addGroup(`Group-${key}`, { groupName, description: GROUP_DESCRIPTIONS[groupName] });
    }

    const signIn = (callbackUrl: string): cognito.OAuthSettings => ({
      flows: { authorizationCodeGrant: true },
      scopes: [
        cognito.OAuthScope.OPENID,
        oauthScope('read'),
        oauthScope('write'),
        oauthScope('audit'),
      ],
      callbackUrls: [callbackUrl],
    });
    const common = {
      userPool: this.pool,
      generateSecret: true,
      authFlows: {},
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    };
    this.qBusinessClient = new cognito.UserPoolClient(this, 'QBusinessClient', {
      ...common,
      userPoolClientName: 'q-business-plugin',
      oAuth: signIn(props.qBusinessCallbackUrl),
      // The chat signs the user in again when the refresh token runs out.
      refreshTokenValidity: Duration.hours(12),
    });
    this.quickClient = new cognito.UserPoolClient(this, 'QuickClient', {
      ...common,
      userPoolClientName: 'amazon-quick',
      oAuth: signIn(props.quickCallbackUrl),
      refreshTokenValidity: Duration.hours(12),
    });
    this.automationClient = new cognito.UserPoolClient(this, 'AutomationClient', {
      ...common,
      userPoolClientName: 'ticket-automation',
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [oauthScope('read'), oauthScope('write')],
      },
    });
    for (const client of [this.qBusinessClient, this.quickClient, this.automationClient]) {
      client.node.addDependency(server);
    }
  }

  get clientIds(): string[] {
    return [this.qBusinessClient, this.quickClient, this.automationClient].map(
      (client) => client.userPoolClientId,
    );
  }
}

const GROUP_DESCRIPTIONS: Record<string, string> = {
  [GROUPS.analysts]: 'May inspect and run reversible remediations such as closing a port.',
  [GROUPS.responders]: 'May run every remediation.',
  [GROUPS.auditors]: 'May read the audit trail.',
};
