import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { freePort, runScript, scriptEnv } from '../../helpers/scripts.js';

/** `npm run audit:verify` as a newcomer meets it. */
describe('npm run audit:verify', () => {
  it('says to run `npm start` when nothing listens, with exit code 2 and no stack trace', async () => {
    const port = await freePort();
    const run = runScript('api/audit/verify-cli.ts', [], { DYNAMODB_PORT: `${port}` });
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`Nothing answers at http://127\\.0\\.0\\.1:${port}`));
    assert.match(run.stderr, /start the local DynamoDB with `npm start`/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('rejects an unknown option with the usage instead of checking the local trail', () => {
    const run = runScript('api/audit/verify-cli.ts', ['--awz'], {});
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown option '--awz'/);
    assert.match(run.stderr, /Usage: npm run audit:verify \[-- --aws\]/);
    assert.doesNotMatch(run.stdout, /Checking audit table/);
  });

  it("runs through npm without the AWS SDK's Node version notice", async () => {
    const env = scriptEnv({ DYNAMODB_PORT: `${await freePort()}` });
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const run = spawnSync('npm', ['run', '--silent', 'audit:verify'], { encoding: 'utf8', env });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /Nothing answers at/);
    assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
  });
});
