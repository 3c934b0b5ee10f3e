import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { registry } from '../../api/actions/registry.js';
import { bundleLambda } from './lambda-bundle.js';
import { declaredPermissions } from './member-permissions.js';
import { MemberAccountStack } from './member-stack.js';
import { SecurityAccountStack } from './security-stack.js';

/**
 * `npx cdk synth|deploy` (cdk.json points here). Settings come from context (`-c name=value` or
 * cdk.json); both stacks are environment-agnostic, so synth needs no credentials.
 */
// Run by the CDK CLI, the CLI picks the output folder; run directly (`npm run synth`), cdk.out.
const app = new App(process.env.CDK_OUTDIR ? {} : { outdir: 'cdk.out' });
const context = (name: string): string | undefined => {
  const value = app.node.tryGetContext(name);
  return value === undefined || value === '' ? undefined : String(value);
};
const required = (name: string): string => {
  const value = context(name);
  if (value === undefined)
    throw new Error(`Missing context "${name}": pass -c ${name}=... (see infra/aws/README.md).`);
  return value;
};
const list = (name: string) =>
  required(name)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const qBusinessApplicationId = context('qBusinessApplicationId');
const region = context('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

new SecurityAccountStack(app, 'SecurityRemediation', {
  lambdaCodeDir: (
    await bundleLambda({ outDir: mkdtempSync(join(tmpdir(), 'remediation-lambda-')) })
  ).dir,
  domainPrefix: required('domainPrefix'),
  allowedAccounts: list('allowedAccounts'),
  allowedRegions: list('allowedRegions'),
  qBusinessCallbackUrl: required('qBusinessCallbackUrl'),
  quickCallbackUrl:
    context('quickCallbackUrl') ?? `https://${region}.quicksight.aws.amazon.com/sn/oauthcallback`,
  mfa: context('mfa') === 'optional' ? 'optional' : 'required',
  threatProtection: context('threatProtection') !== 'false',
  ...(context('alarmEmail') ? { alarmEmail: context('alarmEmail') } : {}),
  ...(qBusinessApplicationId
    ? {
        qBusiness: { applicationId: qBusinessApplicationId, indexId: required('qBusinessIndexId') },
      }
    : {}),
});

new MemberAccountStack(app, 'SecurityRemediationMemberRole', {
  permissions: declaredPermissions(registry),
});

// cdk-nag findings stop synthesis; acknowledged ones carry their reason in the construct tree.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
