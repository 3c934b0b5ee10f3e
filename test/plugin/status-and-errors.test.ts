import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Sandbox, startSandbox } from '../../infra/local/sandbox/server.js';
import { runTool } from './tool.js';

describe('npm run plugin -- status, and errors that say what to fix', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('says what to run when nothing is registered yet', async () => {
    const run = await runTool(sandbox, ['status']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Application security-assistant .*: ACTIVE/);
    assert.match(
      run.stdout,
      /Plugin "security-remediation": not registered\. Run `npm run plugin -- register`/,
    );
    assert.match(
      run.stdout,
      /Data source "security-policy": none yet\. Run `npm run plugin -- sync-policies`/,
    );
  });

  it('shows READY and the synced section count after register and sync-policies', async () => {
    assert.equal((await runTool(sandbox, ['register'])).code, 0);
    assert.equal((await runTool(sandbox, ['sync-policies'])).code, 0);
    const run = await runTool(sandbox, ['status']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Plugin "security-remediation" \([^)]+\): ENABLED, build READY/);
    assert.match(run.stdout, /last sync SUCCEEDED at /);
    assert.match(run.stdout, /Policy sections indexed: \d+ \(in step with policies-docs\/\)/);
  });

  it('tells the user to start the sandbox when nothing answers', async () => {
    const run = await runTool(undefined, ['status'], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Nothing answers at http:\/\/127\.0\.0\.1:9: start the sandbox with `npm start`/,
    );
  });

  it('names the application id to check when the application does not exist', async () => {
    const run = await runTool(sandbox, ['status'], {
      env: {
        QBUSINESS_APPLICATION_ID: '00000000-0000-4000-8000-000000000000',
        QBUSINESS_INDEX_ID: '00000000-0000-4000-8000-000000000001',
        PLUGIN_OAUTH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:x-AbCdEf',
        PLUGIN_ROLE_ARN: 'arn:aws:iam::111111111111:role/x',
        AWS_ACCESS_KEY_ID: 'AKIATESTSTATICKEY001',
        AWS_SECRET_ACCESS_KEY: 'test-secret',
      },
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /GetApplication failed: .* Check QBUSINESS_APPLICATION_ID and AWS_REGION/,
    );
  });

  it('names every missing or wrong variable at once when targeting AWS, before any call', async () => {
    const run = await runTool(sandbox, ['register'], {
      env: { QBUSINESS_APPLICATION_ID: 'not-an-id', PUBLIC_URL: 'ftp://x' },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /QBUSINESS_APPLICATION_ID="not-an-id" must match/);
    assert.match(run.stderr, /QBUSINESS_INDEX_ID is required when QBUSINESS_APPLICATION_ID is set/);
    assert.match(run.stderr, /PLUGIN_OAUTH_SECRET_ARN is required/);
    assert.match(run.stderr, /PLUGIN_ROLE_ARN is required/);
    assert.match(run.stderr, /PUBLIC_URL="ftp:\/\/x" must be an http\(s\) URL/);
    assert.deepEqual(sandbox.knobs.calls, []);
  });

  it('rejects an unknown command or option with the usage and exit code 2', async () => {
    const unknown = await runTool(sandbox, ['publish']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /Unknown command "publish"; use one of register, sync-policies, status/,
    );
    assert.match(unknown.stderr, /Usage: npm run plugin -- <command> \[--dry-run\]/);
    assert.equal((await runTool(sandbox, ['register', '--force'])).code, 2);
  });

  it('runs as `npm run plugin` does: `register --dry-run` in a child process, with no sandbox', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'plugin/main.ts', 'register', '--dry-run'],
      {
        encoding: 'utf8',
        env: { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
        timeout: 60_000,
      },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /CreatePlugin \{/);
    assert.match(child.stdout, /apiSchema\.payload, sent verbatim:\n\{\n {2}"openapi": "3\.0\.3"/);
  });
});
