import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTool } from './tool.js';

/** The command line, as node:util's parseArgs reads it; nothing is sent anywhere. */
describe('plugin tool arguments', () => {
  it('names an unknown option and shows the usage, with exit code 2', async () => {
    const run = await runTool(undefined, ['register', '--force']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown option '--force'/);
    assert.match(run.stderr, /Usage: npm run plugin -- <command> \[--dry-run\]/);
  });

  it('says a flag takes no value rather than calling a known option unknown', async () => {
    const run = await runTool(undefined, ['status', '--dry-run=yes']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Option '--dry-run' does not take an argument/);
  });

  it('takes the options before or after the command, and -h for help', async () => {
    const run = await runTool(undefined, ['--dry-run', 'status']);
    assert.equal(run.code, 0, run.stderr);
    const help = await runTool(undefined, ['-h']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run plugin/);
  });
});
