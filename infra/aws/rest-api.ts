import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { ApiRoute } from './api-routes.js';

export const STAGE_NAME = 'prod';
/** WAF can only inspect the first 8 KB of a body; every request of this API is far smaller. */
export const MAX_BODY_BYTES = 8 * 1024;

export interface RemediationRestApiProps {
  handler: lambda.IFunction;
  userPool: cognito.IUserPool;
  routes: ApiRoute[];
  throttle: { rateLimit: number; burstLimit: number };
}

/**
 * One API Gateway method per operation, each demanding exactly the scopes the OpenAPI document
 * declares for it; bodies and required query parameters are validated before Lambda runs.
 */
export class RemediationRestApi extends Construct {
  readonly api: apigateway.RestApi;
  /** Built by hand: `api.url` would make the function depend on its own deployment. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: RemediationRestApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: 'security-remediation-api',
      description: 'Security Remediation API: Cognito-authorized, one method per operation.',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: STAGE_NAME,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
      },
    });
    const stack = Stack.of(this);
    this.url = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${STAGE_NAME}`;
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-wide logging role; AWS's managed policy is the documented way to let it write execution logs.",
    });

    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      authorizerName: 'cognito-access-token',
    });
    const validator = new apigateway.RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const integration = new apigateway.LambdaIntegration(props.handler, { allowTestInvoke: false });

    for (const route of props.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const requestParameters = Object.fromEntries(
        Object.entries(route.query).map(([name, required]) => [
          `method.request.querystring.${name}`,
          required,
        ]),
      );
      const secured = route.scopes.length > 0;
      const method = resource.addMethod(route.method, integration, {
        operationName: route.operationId,
        requestValidator: validator,
        requestParameters,
        ...(route.bodySchema ? { requestModels: { 'application/json': this.model(route) } } : {}),
        ...(secured
          ? {
              authorizer,
              authorizationType: apigateway.AuthorizationType.COGNITO,
              authorizationScopes: route.scopes,
            }
          : { authorizationType: apigateway.AuthorizationType.NONE }),
      });
      if (!secured) {
        const reason = route.appAuthorized
          ? `${route.method} ${route.path} is the MCP door: the service verifies the Cognito access token on every request itself (same verifier as every route), because an MCP client discovers how to sign in from the service's own 401 and its WWW-Authenticate resource_metadata, which a Cognito authorizer's 401 does not carry.`
          : `${route.method} ${route.path} is public by design: health checks, the OpenAPI document the assistant reads, the policy pages citations link to and the MCP protected-resource metadata carry no token and hold nothing the chat does not already show.`;
        Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason });
        Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason });
      }
    }

    this.addFirewall();
  }

  private model(route: ApiRoute): apigateway.Model {
    return this.api.addModel(`${route.operationId ?? route.path.replace(/\W/g, '')}Body`, {
      contentType: 'application/json',
      schema: toApiGatewaySchema(route.bodySchema ?? {}) as apigateway.JsonSchema,
    });
  }

  /** Blocks oversized bodies and known-bad inputs before they reach API Gateway's quota. */
  private addFirewall(): void {
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const acl = new wafv2.CfnWebACL(this, 'Firewall', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('security-remediation-api'),
      rules: [
        {
          name: 'body-size',
          priority: 0,
          action: { block: {} },
          visibilityConfig: visibility('body-size'),
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
              comparisonOperator: 'GT',
              size: MAX_BODY_BYTES,
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
        },
        {
          name: 'known-bad-inputs',
          priority: 1,
          overrideAction: { none: {} },
          visibilityConfig: visibility('known-bad-inputs'),
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesKnownBadInputsRuleSet',
            },
          },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'FirewallAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
  }
}

/**
 * API Gateway models are JSON Schema draft 4: the assistants' `x-amzn-*` keywords and
 * descriptions are dropped, `const` becomes a one-value enum.
 */
export function toApiGatewaySchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toApiGatewaySchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || key === 'description' || key === 'examples') continue;
    if (key === 'const') out.enum = [value];
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, toApiGatewaySchema(property)]),
      );
    } else out[key] = toApiGatewaySchema(value);
  }
  return out;
}
