import { Aws, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as qbusiness from 'aws-cdk-lib/aws-qbusiness';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AUDIENCES, pluginDocuments, pluginName } from '../../openapi/plugin-documents.js';
import type { OpenApiDocument } from './api-routes.js';

/** Construct id CDK gives the AwsCustomResource provider singleton. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

// The names the plugin tool (plugin/config.ts) looks for by default.
export const PLUGIN_DISPLAY_NAME = 'security-remediation';
export const DATA_SOURCE_DISPLAY_NAME = 'security-policy';

export interface QBusinessTarget {
  applicationId: string;
  /** The index the CUSTOM data source for the policy documents belongs to. */
  indexId: string;
}

export interface PluginAccessProps {
  client: cognito.UserPoolClient;
  callbackUrl: string;
  domainUrl: string;
  apiUrl: string;
  document: OpenApiDocument;
  qBusiness?: QBusinessTarget;
}

/**
 * What Q Business needs to call the API for a user: the OAuth client in Secrets Manager and a
 * role only that Q Business application can assume to read it. With an application id, the
 * plugin and the CUSTOM data source the policy documents are synced into are created too.
 */
export class PluginAccess extends Construct {
  readonly secret: secretsmanager.Secret;
  readonly role: iam.Role;
  /** One, or one per audience once the API has more operations than a plugin takes. */
  readonly plugins: qbusiness.CfnPlugin[] = [];
  readonly dataSource?: qbusiness.CfnDataSource;

  constructor(scope: Construct, id: string, props: PluginAccessProps) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'OAuthClient', {
      description:
        'OAuth client the Q Business plugin signs users in with (client_id, client_secret, redirect_uri).',
      secretObjectValue: {
        // Neither the id nor the URL is secret; only client_secret is.
        client_id: SecretValue.unsafePlainText(props.client.userPoolClientId),
        client_secret: props.client.userPoolClientSecret,
        redirect_uri: SecretValue.unsafePlainText(props.callbackUrl),
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // userPoolClientSecret reads the secret at deploy time through CDK's AwsCustomResource,
    // whose provider function is a singleton at the stack root.
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's AwsCustomResource provider, which reads the Cognito client secret once at deploy time; AWS's basic execution policy only lets it write its own logs.",
      });
    }
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret mirrors a Cognito app client secret, which Secrets Manager cannot rotate; it changes when the app client is replaced (redeploy), which updates this secret.',
    });

    const applicationArn = `arn:${Aws.PARTITION}:qbusiness:${Aws.REGION}:${Aws.ACCOUNT_ID}:application/${props.qBusiness?.applicationId ?? '*'}`;
    this.role = new iam.Role(this, 'Role', {
      description: 'Assumed by Q Business to read the plugin OAuth client secret.',
      assumedBy: new iam.ServicePrincipal('qbusiness.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': applicationArn },
      }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );

    if (!props.qBusiness) return;
    const { applicationId, indexId } = props.qBusiness;
    for (const { audience, document } of pluginDocuments(props.document)) {
      const plugin = new qbusiness.CfnPlugin(this, audience ? `Plugin-${audience}` : 'Plugin', {
        applicationId,
        displayName: pluginName(PLUGIN_DISPLAY_NAME, audience),
        type: 'CUSTOM',
        state: 'ENABLED',
        authConfiguration: {
          oAuth2ClientCredentialConfiguration: {
            secretArn: this.secret.secretArn,
            roleArn: this.role.roleArn,
            authorizationUrl: `${props.domainUrl}/oauth2/authorize`,
            tokenUrl: `${props.domainUrl}/oauth2/token`,
          },
        },
        customPluginConfiguration: {
          description: audience
            ? AUDIENCES[audience].description
            : 'Inspect and fix security findings in AWS accounts: close ports open to the internet, contain compromised IAM identities.',
          apiSchemaType: 'OPEN_API_V3',
          apiSchema: {
            payload: Stack.of(this).toJsonString(
              deployedDocument(document as OpenApiDocument, props),
            ),
          },
        },
      });
      this.plugins.push(plugin);
    }
    this.dataSource = new qbusiness.CfnDataSource(this, 'PolicyDocuments', {
      applicationId,
      indexId,
      displayName: DATA_SOURCE_DISPLAY_NAME,
      description:
        'Corporate security policy, one document per control, synced by `npm run plugin -- sync-policies`.',
      configuration: { type: 'CUSTOM', version: '1.0.0' },
    });
  }
}

/** The OpenAPI document as this deployment serves it: its URL and its sign-in endpoints. */
export function deployedDocument(
  document: OpenApiDocument,
  urls: { apiUrl: string; domainUrl: string },
): OpenApiDocument {
  const copy = structuredClone(document);
  copy.servers = [{ url: urls.apiUrl }];
  const oauth = copy.components?.securitySchemes?.oauth2 as
    | { flows?: { authorizationCode?: Record<string, unknown> } }
    | undefined;
  const flow = oauth?.flows?.authorizationCode;
  if (flow) {
    flow.authorizationUrl = `${urls.domainUrl}/oauth2/authorize`;
    flow.tokenUrl = `${urls.domainUrl}/oauth2/token`;
  }
  return copy;
}
