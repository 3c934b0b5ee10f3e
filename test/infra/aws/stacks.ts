import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { registry } from '../../../api/actions/registry.js';
import type { OpenApiDocument } from '../../../infra/aws/api-routes.js';
import { bundleLambda } from '../../../infra/aws/lambda-bundle.js';
import { declaredConditions, declaredPermissions } from '../../../infra/aws/member-permissions.js';
import { MemberAccountStack } from '../../../infra/aws/member-stack.js';
import {
  SecurityAccountStack,
  type SecurityAccountStackProps,
} from '../../../infra/aws/security-stack.js';
import { generateDocument } from '../../../openapi/document.js';

/** One esbuild bundle per test file (each file runs in its own process). */
const codeDir = (await bundleLambda({ outDir: mkdtempSync(join(tmpdir(), 'infra-test-')) })).dir;

export const SECURITY_PROPS = {
  domainPrefix: 'acme-security',
  allowedAccounts: ['222222222222', '333333333333'],
  allowedRegions: ['us-east-1', 'eu-west-1'],
  qBusinessCallbackUrl: 'https://abcd1234.chat.qbusiness.us-east-1.on.aws/oauth/callback',
  quickCallbackUrl: 'https://us-east-1.quicksight.aws.amazon.com/sn/oauthcallback',
};

export const Q_BUSINESS = {
  applicationId: 'a1b2c3d4-5678-90ab-cdef-111111111111',
  indexId: 'b1b2c3d4-5678-90ab-cdef-222222222222',
};

/** The document exactly as the code serves it, not the committed copy. */
export async function currentDocument(): Promise<OpenApiDocument> {
  return (await generateDocument()) as unknown as OpenApiDocument;
}

export function securityStack(
  overrides: Partial<SecurityAccountStackProps> = {},
  app = new App(),
): SecurityAccountStack {
  return new SecurityAccountStack(app, 'SecurityRemediation', {
    lambdaCodeDir: codeDir,
    ...SECURITY_PROPS,
    ...overrides,
  });
}

export function memberStack(app = new App()): MemberAccountStack {
  return new MemberAccountStack(app, 'SecurityRemediationMemberRole', {
    permissions: declaredPermissions(registry),
    conditions: declaredConditions(registry),
  });
}

type Json = Record<string, unknown>;

/** Every IAM policy document in a template (identity policies and trust policies). */
export function policyDocuments(template: Json): { resource: string; document: Json }[] {
  const documents: { resource: string; document: Json }[] = [];
  for (const [id, resource] of Object.entries((template.Resources ?? {}) as Record<string, Json>)) {
    const properties = (resource.Properties ?? {}) as Json;
    for (const key of ['PolicyDocument', 'AssumeRolePolicyDocument']) {
      if (properties[key]) documents.push({ resource: id, document: properties[key] as Json });
    }
    for (const policy of (Array.isArray(properties.Policies)
      ? properties.Policies
      : []) as Json[]) {
      documents.push({ resource: id, document: policy.PolicyDocument as Json });
    }
  }
  return documents;
}

export function statements(document: Json): Json[] {
  const statement = document.Statement;
  return (Array.isArray(statement) ? statement : [statement]) as Json[];
}
