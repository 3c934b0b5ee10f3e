import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { measureColdStart, restApiEvent } from '../../../infra/aws/cold-start.js';
import { type Bundle, bundleLambda, REPO_ROOT } from '../../../infra/aws/lambda-bundle.js';

let bundle: Bundle;

before(() => {
  const work = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
  // The Lambda runtime provides the AWS SDK from outside the code folder; so does this one.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
  mkdirSync(join(work, 'code'));
  bundle = bundleLambda({ outDir: join(work, 'code') });
});

describe('Lambda bundle', () => {
  it('is under 1.5 MB minified and ships the policy documents beside it', () => {
    assert.ok(bundle.bytes < 1.5 * 1024 * 1024, `${bundle.bytes} bytes`);
    assert.ok(existsSync(join(bundle.dir, 'policies-docs/network-access.md')));
  });

  it('answers API Gateway events from a fresh process: health and a policy page', async () => {
    const health = await measureColdStart(bundle.file, restApiEvent('GET', '/health'), {
      LOG_LEVEL: 'warn',
    });
    assert.equal(health.statusCode, 200, health.body);
    assert.deepEqual(JSON.parse(health.body), { status: 'ok' });
    const page = await measureColdStart(
      bundle.file,
      restApiEvent('GET', '/policies/network-access.md'),
      { LOG_LEVEL: 'warn' },
    );
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /NET-02/);
  });
});
