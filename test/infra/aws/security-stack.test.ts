import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { methodOf } from '../../../api/actions/define.js';
import { registry } from '../../../api/actions/registry.js';
import { accessLevelOf, scopeFor } from '../../../api/auth/authorize.js';
import { loadConfig } from '../../../api/config.js';
import { type OpenApiDocument, PUBLIC_ROUTES } from '../../../infra/aws/api-routes.js';
import { NOT_SET_IN_LAMBDA, readEnvExample } from '../../../infra/aws/service-environment.js';
import { grownDocument } from '../../helpers/grown-document.js';
import {
  currentDocument,
  policyDocuments,
  Q_BUSINESS,
  SECURITY_PROPS,
  securityStack,
  statements,
} from './stacks.js';

// biome-ignore lint/suspicious/noExplicitAny: a synthesized template is untyped JSON; the assertions read it as such.
type Json = Record<string, any>;

let document: OpenApiDocument;
let template: Template;
let json: Json;

function resources(type: string): [string, Json][] {
  return Object.entries(json.Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
}

/** `/security-groups/close-port` for a method, rebuilt from its chain of API Gateway resources. */
function methodPath(method: Json): string {
  const parts: string[] = [];
  let ref = method.Properties.ResourceId;
  while (ref?.Ref) {
    const resource = json.Resources[ref.Ref];
    parts.unshift(resource.Properties.PathPart);
    ref = resource.Properties.ParentId;
  }
  return `/${parts.join('/')}`;
}

function methods(): { path: string; method: string; properties: Json }[] {
  return resources('AWS::ApiGateway::Method').map(([, m]) => ({
    path: methodPath(m),
    method: m.Properties.HttpMethod,
    properties: m.Properties,
  }));
}

before(async () => {
  document = await currentDocument();
  const stack = securityStack({ openApiDocument: document, qBusiness: Q_BUSINESS });
  template = Template.fromStack(stack);
  json = template.toJSON();
});

describe('security account stack: API Gateway', () => {
  it('demands a Cognito access token with the operation’s scopes on every method but the public ones', () => {
    const publicRoutes = new Set(PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`));
    const [[authorizerId]] = resources('AWS::ApiGateway::Authorizer') as [[string, Json]];
    for (const m of methods()) {
      const key = `${m.method} ${m.path}`;
      if (publicRoutes.has(key)) {
        assert.equal(m.properties.AuthorizationType, 'NONE', key);
        continue;
      }
      assert.equal(m.properties.AuthorizationType, 'COGNITO_USER_POOLS', key);
      assert.deepEqual(m.properties.AuthorizerId, { Ref: authorizerId }, key);
      const security = document.paths[m.path]?.[m.method.toLowerCase()]?.security ?? [];
      const expected = security.flatMap((entry) => Object.values(entry).flat()).sort();
      assert.ok(expected.length > 0, `${key} is not in the OpenAPI document`);
      assert.deepEqual([...m.properties.AuthorizationScopes].sort(), expected, key);
    }
  });

  it('has a method for every operation of the OpenAPI document and only the public and app-authorized (MCP) routes besides', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const deployed = methods().map((m) => `${m.method} ${m.path}`);
    assert.deepEqual(
      deployed.sort(),
      [...documented, ...PUBLIC_ROUTES.map((r) => `${r.method} ${r.path}`)].sort(),
    );
    // The MCP door and its metadata go to the same Lambda, which authorizes /mcp itself.
    for (const key of ['POST /mcp', 'GET /.well-known/oauth-protected-resource/mcp']) {
      assert.ok(deployed.includes(key), key);
    }
  });

  it('gives each registry action the scope the service itself checks', () => {
    const config = loadConfig({});
    for (const action of registry) {
      const method = methodOf(action);
      const deployed = methods().find((m) => m.path === action.path && m.method === method);
      assert.ok(deployed, `${method} ${action.path} (${action.name}) is not deployed`);
      assert.deepEqual(deployed.properties.AuthorizationScopes, [
        scopeFor(config, accessLevelOf(action)),
      ]);
    }
  });

  it('validates bodies of write operations against their input schema', () => {
    // /mcp takes JSON-RPC, which the MCP SDK validates; every other POST is an operation's body.
    const jsonRpc = new Set(PUBLIC_ROUTES.filter((r) => r.appAuthorized).map((r) => r.path));
    for (const m of methods().filter((m) => m.method === 'POST' && !jsonRpc.has(m.path))) {
      const model = m.properties.RequestModels?.['application/json'];
      assert.ok(model?.Ref, `${m.path} has no request model`);
      const schema = json.Resources[model.Ref].Properties.Schema;
      assert.equal(schema.additionalProperties, false, m.path);
      assert.ok(!JSON.stringify(schema).includes('x-amzn'), 'vendor keywords reach API Gateway');
      assert.ok(m.properties.RequestValidatorId, m.path);
    }
  });

  it('logs access, throttles, and blocks oversized bodies', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
      MethodSettings: [
        { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40, LoggingLevel: 'ERROR' },
      ],
    });
    const [[, acl]] = resources('AWS::WAFv2::WebACL') as [[string, Json]];
    const size = acl.Properties.Rules.find((r: Json) => r.Statement.SizeConstraintStatement);
    assert.equal(size.Action.Block !== undefined, true);
    assert.equal(size.Statement.SizeConstraintStatement.ComparisonOperator, 'GT');
    assert.equal(resources('AWS::WAFv2::WebACLAssociation').length, 1);
  });
});

describe('security account stack: Lambda, tables, roles', () => {
  it('runs api/lambda.ts on Node 22 arm64 with its logs kept', () => {
    const fns = resources('AWS::Lambda::Function').filter(([, f]) =>
      String(f.Properties.Handler).startsWith('api/lambda/'),
    );
    assert.equal(fns.length, 1);
    const [, fn] = fns[0] as [string, Json];
    assert.equal(fn.Properties.Runtime, 'nodejs22.x');
    assert.deepEqual(fn.Properties.Architectures, ['arm64']);
    const logGroup = json.Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
    assert.ok(logGroup.Properties.RetentionInDays > 0);
  });

  it('configures the service through environment for every variable .env.example lists', () => {
    const [, fn] = resources('AWS::Lambda::Function').find(([, f]) =>
      String(f.Properties.Handler).startsWith('api/lambda/'),
    ) as [string, Json];
    const set = Object.keys(fn.Properties.Environment.Variables);
    const missing = [...readEnvExample().keys()].filter(
      (name) => !set.includes(name) && !(name in NOT_SET_IN_LAMBDA),
    );
    assert.deepEqual(
      missing,
      [],
      'set these in security-stack.ts or list them in NOT_SET_IN_LAMBDA',
    );
    const env = fn.Properties.Environment.Variables;
    assert.equal(env.ALLOWED_ACCOUNTS, SECURITY_PROPS.allowedAccounts.join(','));
    assert.equal(env.OAUTH_RESOURCE_SERVER, 'remediation-api');
  });

  it('keeps the audit, idempotency and jobs tables: point-in-time recovery, deletion protection, encryption', () => {
    const tables = resources('AWS::DynamoDB::Table');
    assert.equal(tables.length, 3);
    for (const [id, table] of tables) {
      assert.equal(table.DeletionPolicy, 'Retain', id);
      assert.equal(table.Properties.DeletionProtectionEnabled, true, id);
      assert.equal(
        table.Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled,
        true,
        id,
      );
      assert.equal(table.Properties.SSESpecification.SSEEnabled, true, id);
    }
  });

  it('lets the function role only assume the remediation role in allowed accounts, use its own tables and logs, and run its own bulk state machine', () => {
    const [, fn] = resources('AWS::Lambda::Function').find(([, f]) =>
      String(f.Properties.Handler).startsWith('api/lambda/'),
    ) as [string, Json];
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const policies = resources('AWS::IAM::Policy').filter(([, p]) =>
      p.Properties.Roles.some((r: Json) => r.Ref === roleId),
    );
    const tableIds = resources('AWS::DynamoDB::Table').map(([id]) => id);
    const [auditTableId] = resources('AWS::DynamoDB::Table').find(([, table]) =>
      table.Properties.KeySchema.some((key: Json) => key.AttributeName === 'chain'),
    ) as [string, Json];
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    for (const [, policy] of policies) {
      for (const statement of statements(policy.Properties.PolicyDocument)) {
        const actions = [statement.Action].flat() as string[];
        const targets = [statement.Resource].flat() as Json[];
        const text = JSON.stringify(targets);
        assert.ok(!targets.includes('*' as never), `wildcard resource for ${actions}`);
        if (actions.some((a) => a.startsWith('sts:'))) {
          assert.deepEqual(actions.sort(), ['sts:AssumeRole', 'sts:SetSourceIdentity']);
          for (const account of SECURITY_PROPS.allowedAccounts) {
            assert.ok(text.includes(`:iam::${account}:role/SecurityRemediationRole`), account);
          }
          assert.equal(targets.length, SECURITY_PROPS.allowedAccounts.length);
        } else if (actions.every((a) => a.startsWith('dynamodb:'))) {
          assert.ok(
            tableIds.some((id) => text.includes(id)),
            text,
          );
          if (text.includes(auditTableId)) {
            // Appended to and read (Scan: audit:verify looks for chains the index lost), never
            // deleted from or overwritten in bulk.
            assert.deepEqual(actions.sort(), [
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:Query',
              'dynamodb:Scan',
              'dynamodb:UpdateItem',
            ]);
          }
        } else if (actions.every((a) => a.startsWith('states:'))) {
          // Only the stack's own bulk remediation state machine and its executions.
          assert.match(
            text,
            /:states:.*:(stateMachine|execution):SecurityRemediation-bulk-remediation/,
          );
        } else if (actions.every((a) => a.startsWith('securityhub:'))) {
          // remediateFinding: read a finding and write its status back, in this account's hub.
          assert.deepEqual(actions.sort(), [
            'securityhub:BatchUpdateFindings',
            'securityhub:GetFindings',
            'securityhub:GetFindingsV2',
          ]);
          assert.match(text, /:hub\/default/);
        } else {
          assert.deepEqual(actions.sort(), ['logs:CreateLogStream', 'logs:PutLogEvents']);
          assert.ok(text.includes(logGroupId));
        }
      }
    }
  });

  it('grants nothing to a wildcard principal in any policy', () => {
    for (const { resource, document: policy } of policyDocuments(json)) {
      for (const statement of statements(policy)) {
        // A Deny to everyone only narrows (the alarm topic refuses publishing without TLS).
        if (statement.Effect === 'Deny') continue;
        const principal = JSON.stringify(statement.Principal ?? {});
        assert.ok(!/"\*"/.test(principal), `${resource}: ${principal}`);
      }
    }
  });
});

describe('security account stack: Cognito and the plugin', () => {
  it('admits only administrator-created users, with a strong password and MFA', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: SECURITY_PROPS.domainPrefix,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'remediation-api',
      Scopes: ['read', 'write', 'audit'].map((name) => Match.objectLike({ ScopeName: name })),
    });
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    assert.deepEqual(groups.sort(), [
      'security-analysts',
      'security-auditors',
      'security-responders',
    ]);
  });

  it('makes MFA optional only when asked', () => {
    const optional = Template.fromStack(
      securityStack({ openApiDocument: document, mfa: 'optional' }),
    );
    optional.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL' });
  });

  it('has sign-in clients for Q Business and Amazon Quick and a client-credentials client for automation', () => {
    const clients = resources('AWS::Cognito::UserPoolClient').map(([, c]) => c.Properties);
    const byName = (name: string) => clients.find((c) => c.ClientName === name) as Json;
    const qBusiness = byName('q-business-plugin');
    assert.deepEqual(qBusiness.AllowedOAuthFlows, ['code']);
    assert.deepEqual(qBusiness.CallbackURLs, [SECURITY_PROPS.qBusinessCallbackUrl]);
    assert.equal(qBusiness.GenerateSecret, true);
    const quick = byName('amazon-quick');
    assert.deepEqual(quick.AllowedOAuthFlows, ['code']);
    assert.deepEqual(quick.CallbackURLs, [SECURITY_PROPS.quickCallbackUrl]);
    const automation = byName('ticket-automation');
    assert.deepEqual(automation.AllowedOAuthFlows, ['client_credentials']);
    const scopes = JSON.stringify(automation.AllowedOAuthScopes);
    assert.ok(scopes.includes('/read') && scopes.includes('/write') && !scopes.includes('/audit'));
  });

  it('lets only this Q Business application assume the role that reads the plugin secret', () => {
    const role = resources('AWS::IAM::Role').find(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('qbusiness.amazonaws.com'),
    ) as [string, Json];
    const [trust] = statements(role[1].Properties.AssumeRolePolicyDocument) as [Json];
    assert.deepEqual(trust.Condition.StringEquals, {
      'aws:SourceAccount': { Ref: 'AWS::AccountId' },
    });
    assert.ok(
      JSON.stringify(trust.Condition.ArnLike['aws:SourceArn']).includes(
        `application/${Q_BUSINESS.applicationId}`,
      ),
    );
    const policy = resources('AWS::IAM::Policy').find(([, p]) =>
      p.Properties.Roles.some((r: Json) => r.Ref === role[0]),
    ) as [string, Json];
    const [read] = statements(policy[1].Properties.PolicyDocument) as [Json];
    assert.equal(read.Action, 'secretsmanager:GetSecretValue');
    const [[secretId]] = resources('AWS::SecretsManager::Secret') as [[string, Json]];
    assert.deepEqual(read.Resource, { Ref: secretId });
  });

  it('registers the plugin with this API’s URL and a CUSTOM data source when an application is given', () => {
    const [[, plugin]] = resources('AWS::QBusiness::Plugin') as [[string, Json]];
    assert.equal(plugin.Properties.ApplicationId, Q_BUSINESS.applicationId);
    const payload = JSON.stringify(plugin.Properties.CustomPluginConfiguration.ApiSchema.Payload);
    assert.ok(
      payload.includes('execute-api') && !payload.includes('127.0.0.1'),
      'sandbox URLs in the plugin',
    );
    template.hasResourceProperties('AWS::QBusiness::DataSource', {
      ApplicationId: Q_BUSINESS.applicationId,
      IndexId: Q_BUSINESS.indexId,
      Configuration: { type: 'CUSTOM', version: '1.0.0' },
    });
    const split = Template.fromStack(
      securityStack({
        openApiDocument: grownDocument(document),
        qBusiness: Q_BUSINESS,
      }),
    ).toJSON();
    const names = Object.values(split.Resources as Record<string, Json>)
      .filter((r) => r.Type === 'AWS::QBusiness::Plugin')
      .map((r) => r.Properties.DisplayName);
    assert.deepEqual(names, ['security-remediation-responders', 'security-remediation-auditors']);
    const without = Template.fromStack(securityStack({ openApiDocument: document })).toJSON();
    const types = Object.values(without.Resources as Record<string, Json>).map((r) => r.Type);
    assert.ok(
      !types.includes('AWS::QBusiness::Plugin') && !types.includes('AWS::QBusiness::DataSource'),
    );
  });
});
