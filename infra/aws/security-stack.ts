import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ServiceAlarms } from './alarms.js';
import { ApiFunction } from './api-function.js';
import {
  type OpenApiDocument,
  PUBLIC_ROUTES,
  readOpenApiDocument,
  routesFromOpenApi,
} from './api-routes.js';
import { BedrockAgent } from './bedrock-agent.js';
import { BulkEngine } from './bulk-engine.js';
import { DEFAULT_API_ROLE_NAME, DEFAULT_REMEDIATION_ROLE_NAME } from './member-stack.js';
import { PluginAccess, type QBusinessTarget } from './plugin-access.js';
import { RemediationRestApi } from './rest-api.js';
import { policySettingDefaults } from './service-environment.js';
import { ServiceTables } from './tables.js';
import { GROUPS, type MfaSetting, UserDirectory } from './user-directory.js';

export const RESOURCE_SERVER = 'remediation-api';

export interface SecurityAccountStackProps extends StackProps {
  /** Folder built by `bundleLambda`. */
  lambdaCodeDir: string;
  /** Cognito hosted domain prefix (globally unique per region). */
  domainPrefix: string;
  /** Accounts the API may act in; each needs the member stack. */
  allowedAccounts: string[];
  allowedRegions: string[];
  qBusinessCallbackUrl: string;
  quickCallbackUrl: string;
  /** Default `required`. */
  mfa?: MfaSetting;
  /** Cognito threat protection (Plus plan). Default on. */
  threatProtection?: boolean;
  /** Default: openapi/openapi.json as committed. */
  openApiDocument?: OpenApiDocument;
  qBusiness?: QBusinessTarget;
  apiRoleName?: string;
  remediationRoleName?: string;
  throttle?: { rateLimit: number; burstLimit: number };
  /** Subscribed to the alarm topic (failed or partial remediations, audit write failures). */
  alarmEmail?: string;
  /**
   * Overrides for service settings (PROTECTED_USERS, LOG_LEVEL, ...). LOG_LEVEL above `info`
   * also drops the outcome metrics, which are info lines.
   */
  settings?: Record<string, string>;
  /** Adds the Bedrock agent front door (`-c bedrockAgent=true`), on this foundation model. */
  bedrockAgent?: { foundationModel?: string };
}

/** Everything in the security account: users, the API, its function, tables and plugin access. */
export class SecurityAccountStack extends Stack {
  readonly directory: UserDirectory;
  readonly api: RemediationRestApi;
  readonly function: ApiFunction;
  readonly tables: ServiceTables;
  readonly pluginAccess: PluginAccess;
  readonly alarms: ServiceAlarms;
  readonly bedrockAgent?: BedrockAgent;
  readonly bulk: BulkEngine;

  constructor(scope: Construct, id: string, props: SecurityAccountStackProps) {
    super(scope, id, {
      description:
        'Security Remediation API: Cognito, API Gateway, Lambda, DynamoDB, plugin access.',
      ...props,
    });
    const document = props.openApiDocument ?? readOpenApiDocument();
    const remediationRoleName = props.remediationRoleName ?? DEFAULT_REMEDIATION_ROLE_NAME;

    this.directory = new UserDirectory(this, 'Users', {
      domainPrefix: props.domainPrefix,
      resourceServer: RESOURCE_SERVER,
      mfa: props.mfa ?? 'required',
      threatProtection: props.threatProtection ?? true,
      qBusinessCallbackUrl: props.qBusinessCallbackUrl,
      quickCallbackUrl: props.quickCallbackUrl,
    });
    this.tables = new ServiceTables(this, 'Tables');
    this.function = new ApiFunction(this, 'Api', {
      codeDir: props.lambdaCodeDir,
      roleName: props.apiRoleName ?? DEFAULT_API_ROLE_NAME,
      remediationRoleName,
      allowedAccounts: props.allowedAccounts,
      auditTable: this.tables.audit,
      requestsTable: this.tables.requests,
    });
    this.bulk = new BulkEngine(this, 'Bulk', {
      fn: this.function.fn,
      role: this.function.role,
      jobsTable: this.tables.jobs,
    });
    this.alarms = new ServiceAlarms(this, 'Alarms', {
      logGroup: this.function.logGroup,
      ...(props.alarmEmail ? { email: props.alarmEmail } : {}),
    });
    this.api = new RemediationRestApi(this, 'Rest', {
      handler: this.function.fn,
      userPool: this.directory.pool,
      routes: [...PUBLIC_ROUTES, ...routesFromOpenApi(document)],
      throttle: props.throttle ?? { rateLimit: 20, burstLimit: 40 },
    });
    this.pluginAccess = new PluginAccess(this, 'Plugin', {
      client: this.directory.qBusinessClient,
      callbackUrl: props.qBusinessCallbackUrl,
      domainUrl: this.directory.domainUrl,
      apiUrl: this.api.url,
      document,
      qBusiness: props.qBusiness,
    });

    const environment: Record<string, string> = {
      ...policySettingDefaults(),
      PUBLIC_URL: this.api.url,
      POLICY_BASE_URL: `${this.api.url}/policies`,
      COGNITO_USER_POOL_ID: this.directory.pool.userPoolId,
      COGNITO_CLIENT_IDS: this.directory.clientIds.join(','),
      COGNITO_DOMAIN_URL: this.directory.domainUrl,
      OAUTH_RESOURCE_SERVER: RESOURCE_SERVER,
      GROUPS_RESPONDERS: GROUPS.responders,
      GROUPS_REVERSIBLE_WRITERS: GROUPS.analysts,
      GROUPS_AUDITORS: GROUPS.auditors,
      ALLOWED_ACCOUNTS: props.allowedAccounts.join(','),
      ALLOWED_REGIONS: props.allowedRegions.join(','),
      REMEDIATION_ROLE_NAME: remediationRoleName,
      AUDIT_TABLE_NAME: this.tables.audit.tableName,
      REQUESTS_TABLE_NAME: this.tables.requests.tableName,
      JOBS_TABLE_NAME: this.tables.jobs.tableName,
      BULK_STATE_MACHINE_ARN: this.bulk.stateMachineArn,
      // A lane task hands back to the state machine well within the function's 29 s.
      BULK_LANE_BUDGET_MS: '20000',
      ...props.settings,
    };
    for (const [name, value] of Object.entries(environment)) {
      this.function.fn.addEnvironment(name, value);
    }

    if (props.bedrockAgent) {
      this.bedrockAgent = new BedrockAgent(this, 'BedrockAgent', {
        handler: this.function.fn,
        ...(props.bedrockAgent.foundationModel
          ? { foundationModel: props.bedrockAgent.foundationModel }
          : {}),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.directory.pool.userPoolId });
    new CfnOutput(this, 'CognitoDomainUrl', { value: this.directory.domainUrl });
    new CfnOutput(this, 'ApiRoleArn', { value: this.function.role.roleArn });
    new CfnOutput(this, 'QBusinessClientId', {
      value: this.directory.qBusinessClient.userPoolClientId,
    });
    new CfnOutput(this, 'QuickClientId', { value: this.directory.quickClient.userPoolClientId });
    new CfnOutput(this, 'AutomationClientId', {
      value: this.directory.automationClient.userPoolClientId,
    });
    new CfnOutput(this, 'PluginSecretArn', { value: this.pluginAccess.secret.secretArn });
    new CfnOutput(this, 'PluginRoleArn', { value: this.pluginAccess.role.roleArn });
    new CfnOutput(this, 'BulkStateMachineArn', { value: this.bulk.stateMachineArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }
}
