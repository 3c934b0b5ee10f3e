import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { registry } from '../../api/actions/registry.js';
import { bundleLambda } from './lambda-bundle.js';
import { declaredConditions, declaredPermissions } from './member-permissions.js';
import { MemberAccountStack } from './member-stack.js';
import { SecurityAccountStack } from './security-stack.js';
import {
  CONTEXT_HELP,
  missingContext,
  readSynthCommandLine,
  SAMPLE_CONTEXT,
} from './synth-context.js';

/**
 * `npx cdk synth|deploy` (cdk.json points here) and `npm run synth`. Settings come from context
 * (`-c name=value`, CDK_CONTEXT_JSON or cdk.json); both stacks are environment-agnostic, so synth
 * needs no credentials. Progress goes to stderr, leaving stdout to the CDK CLI.
 */
const say = (line: string) => console.error(line);
/** A path as the person typed it: relative under the working directory, else absolute. */
const shown = (path: string) => {
  const under = relative(process.cwd(), path);
  return under.startsWith('..') || isAbsolute(under) ? path : under;
};
/** Stops with what to do, not a stack trace. */
function fail(message: string): never {
  say(message);
  process.exit(1);
}

// The CDK CLI sets CDK_OUTDIR and passes context itself; run directly, the command line does.
const byCdkCli = process.env.CDK_OUTDIR !== undefined;
let app: App;
try {
  const line = byCdkCli ? undefined : readSynthCommandLine(process.argv.slice(2));
  app = new App(line ? { outdir: line.outdir, postCliContext: line.context } : {});
} catch (error) {
  fail(`${(error as Error).message}\n\n${CONTEXT_HELP}`);
}

const context = (name: string): string | undefined => {
  const value = app.node.tryGetContext(name);
  return value === undefined || value === '' ? undefined : String(value);
};
const missing = missingContext((name) => context(name) !== undefined);
if (missing.length > 0 && (byCdkCli || missing.length < Object.keys(SAMPLE_CONTEXT).length)) {
  // Half a real configuration completed with samples would deploy the wrong thing: refuse.
  fail(`Missing context: ${missing.join(', ')}.\n\n${CONTEXT_HELP}`);
}
if (missing.length > 0) {
  for (const [name, value] of Object.entries(SAMPLE_CONTEXT)) app.node.setContext(name, value);
  const samples = Object.entries(SAMPLE_CONTEXT).map(([name, value]) => `  ${name}=${value}`);
  say(`No context given; sample values (to look at, not to deploy):\n${samples.join('\n')}\n`);
  say(`${CONTEXT_HELP}\n`);
}
const required = (name: string) => context(name) as string;
const list = (name: string) =>
  required(name)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const qBusinessApplicationId = context('qBusinessApplicationId');
const qBusinessIndexId = context('qBusinessIndexId');
if (qBusinessApplicationId && !qBusinessIndexId) {
  fail(
    `Missing context: qBusinessIndexId (needed with qBusinessApplicationId).\n\n${CONTEXT_HELP}`,
  );
}
const region = context('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

say('Bundling the Lambda function with esbuild ...');
const bundle = await bundleLambda({ outDir: mkdtempSync(join(tmpdir(), 'remediation-lambda-')) });
say('Synthesizing SecurityRemediation and SecurityRemediationMemberRole (cdk-nag checks each) ...');
new SecurityAccountStack(app, 'SecurityRemediation', {
  lambdaCodeDir: bundle.dir,
  domainPrefix: required('domainPrefix'),
  allowedAccounts: list('allowedAccounts'),
  allowedRegions: list('allowedRegions'),
  qBusinessCallbackUrl: required('qBusinessCallbackUrl'),
  quickCallbackUrl:
    context('quickCallbackUrl') ?? `https://${region}.quicksight.aws.amazon.com/sn/oauthcallback`,
  mfa: context('mfa') === 'optional' ? 'optional' : 'required',
  threatProtection: context('threatProtection') !== 'false',
  ...(context('alarmEmail') ? { alarmEmail: context('alarmEmail') } : {}),
  ...(context('bedrockAgent') === 'true'
    ? {
        bedrockAgent: {
          ...(context('bedrockModel') ? { foundationModel: context('bedrockModel') } : {}),
        },
      }
    : {}),
  ...(qBusinessApplicationId && qBusinessIndexId
    ? { qBusiness: { applicationId: qBusinessApplicationId, indexId: qBusinessIndexId } }
    : {}),
});

new MemberAccountStack(app, 'SecurityRemediationMemberRole', {
  permissions: declaredPermissions(registry),
  conditions: declaredConditions(registry),
});

// cdk-nag findings stop synthesis; acknowledged ones carry their reason in the construct tree.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
let assembly: ReturnType<App['synth']>;
try {
  assembly = app.synth();
} catch (error) {
  fail((error as Error).message);
}
if (!byCdkCli) {
  say(`Wrote ${shown(assembly.directory)}/:`);
  for (const stack of assembly.stacks) say(`  ${shown(stack.templateFullPath)}`);
}
