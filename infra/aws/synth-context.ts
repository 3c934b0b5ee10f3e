import { parseArgs } from 'node:util';

/**
 * The context the security stack cannot do without, with sample values. `npm run synth` on a
 * fresh clone uses them so the templates can be looked at; a deployment passes its own, and the
 * CDK CLI never falls back to them.
 */
export const SAMPLE_CONTEXT: Record<string, string> = {
  domainPrefix: 'example-security',
  allowedAccounts: '222222222222,333333333333',
  allowedRegions: 'us-east-1,eu-west-1',
  qBusinessCallbackUrl: 'https://example.chat.qbusiness.us-east-1.on.aws/oauth/callback',
};

export const CONTEXT_HELP = `Give the context as the CDK CLI takes it:
  npx cdk synth -c domainPrefix=acme-security -c allowedAccounts=222222222222 \\
    -c allowedRegions=us-east-1 -c qBusinessCallbackUrl=https://<web-experience>/oauth/callback
or to npm run synth the same way after --:
  npm run synth -- -c domainPrefix=acme-security ...
(CDK_CONTEXT_JSON works for both, cdk.json's "context" for npx cdk; see infra/aws/README.md.)`;

export interface SynthCommandLine {
  /** `-c name=value`, as the CDK CLI takes it. */
  context: Record<string, string>;
  /** `-o dir`, as the CDK CLI takes it; cdk.out by default. */
  outdir: string;
}

/** `npm run synth -- [-c name=value]... [-o dir]`, read with node:util parseArgs. */
export function readSynthCommandLine(argv: string[]): SynthCommandLine {
  const { values } = parseArgs({
    args: argv,
    options: {
      context: { type: 'string', short: 'c', multiple: true, default: [] },
      output: { type: 'string', short: 'o', default: 'cdk.out' },
    },
  });
  const context: Record<string, string> = {};
  for (const pair of values.context) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`-c takes name=value, not "${pair}".`);
    context[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { context, outdir: values.output };
}

/** The required names the app has no value for. */
export function missingContext(has: (name: string) => boolean): string[] {
  return Object.keys(SAMPLE_CONTEXT).filter((name) => !has(name));
}
