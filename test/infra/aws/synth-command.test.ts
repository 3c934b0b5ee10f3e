import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runScript } from '../../helpers/scripts.js';

/** `npm run synth` from a fresh clone: no context, no credentials. One full synth (slow). */
describe('npm run synth', () => {
  it('synthesizes with sample context when given none, says so and where it wrote', () => {
    const out = mkdtempSync(join(tmpdir(), 'synth-command-'));
    const run = runScript('infra/aws/app.ts', ['-o', out], {});
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /No context given; sample values \(to look at, not to deploy\)/);
    assert.match(run.stderr, /npx cdk synth -c domainPrefix=/);
    assert.match(run.stderr, /Bundling the Lambda function/);
    assert.match(run.stderr, new RegExp(`Wrote ${out}/:`));
    for (const stack of ['SecurityRemediation', 'SecurityRemediationMemberRole']) {
      assert.ok(existsSync(join(out, `${stack}.template.json`)), stack);
    }
  });

  it('under the CDK CLI, names the missing context instead of deploying samples', () => {
    const out = mkdtempSync(join(tmpdir(), 'synth-cli-'));
    const run = runScript('infra/aws/app.ts', [], {
      CDK_OUTDIR: out,
      CDK_CONTEXT_JSON: JSON.stringify({ domainPrefix: 'acme-security' }),
    });
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /Missing context: allowedAccounts, allowedRegions, qBusinessCallbackUrl\./,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
