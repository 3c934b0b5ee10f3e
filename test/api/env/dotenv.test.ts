import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runScript } from '../../helpers/scripts.js';

describe('.env', () => {
  it('is read by the commands when present, and the environment wins over it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(
      join(folder, '.env'),
      '# copied from .env.example\nPUBLIC_URL=https://api.from-dotenv.example\nPLUGIN_NAME=from-dotenv\n',
    );
    const run = runScript(
      'plugin/main.ts',
      ['register', '--dry-run'],
      { PLUGIN_NAME: 'from-the-shell' },
      folder,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /"url": "https:\/\/api\.from-dotenv\.example"/);
    assert.match(run.stdout, /"displayName": "from-the-shell"/);
  });
});
