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
    // Options may still come before the command.
    assert.equal((await runTool(undefined, ['--dry-run', 'status'])).code, 0);
  });

  it('says a flag takes no value rather than calling a known option unknown', async () => {
    const run = await runTool(undefined, ['status', '--dry-run=yes']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Option '--dry-run' does not take an argument/);
  });
});
