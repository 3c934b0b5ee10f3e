import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_FAILURE_MESSAGES } from '../../../api/observability/audit-failure-messages.js';

const API = new URL('../../../api/', import.meta.url).pathname;

describe('audit failure messages the alarm filters on', () => {
  it('are still written by the service, word for word', () => {
    const source = (readdirSync(API, { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.startsWith('observability'))
      .map((file) => readFileSync(join(API, file), 'utf8'))
      .join('\n');
    for (const message of AUDIT_FAILURE_MESSAGES) {
      assert.ok(source.includes(`'${message}'`), `no log line says "${message}" any more`);
    }
  });
});
