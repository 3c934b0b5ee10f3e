import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { registry } from '../../../api/actions/registry.js';
import { buildApp } from '../../../api/app.js';
import { loadConfig } from '../../../api/config.js';
import {
  POLICY_DIRECTORY,
  PolicyCatalog,
  parsePolicyDocument,
} from '../../../api/policy/catalog.js';

const catalog = PolicyCatalog.load('https://policy.example.com');

describe('the security policy', () => {
  it('defines every control a remediation names', () => {
    for (const action of registry) {
      assert.ok(action.controls.length > 0, `${action.name} names no policy control`);
      for (const id of action.controls) {
        assert.ok(
          catalog.get(id),
          `${action.name} names ${id}, which policies-docs/ does not define`,
        );
      }
    }
  });

  it('gives every control a unique id, a title and the document facts', () => {
    const files = readdirSync(POLICY_DIRECTORY).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    const parsed = files.flatMap((f) =>
      parsePolicyDocument(f, readFileSync(join(POLICY_DIRECTORY, f), 'utf8')),
    );
    assert.equal(
      new Set(parsed.map((c) => c.id)).size,
      parsed.length,
      'a control id is used twice',
    );
    for (const control of parsed) {
      assert.ok(
        control.title && control.owner && control.version,
        `${control.id} lacks title, owner or version`,
      );
      assert.match(control.effective, /^\d{4}-\d{2}-\d{2}$/, `${control.id} has no effective date`);
      assert.match(control.body, /\*\*Rule\.\*\*/, `${control.id} has no rule`);
    }
  });

  it('links each reference to its own section', () => {
    const reference = catalog.reference('NET-02');
    assert.match(reference.url, /^https:\/\/policy\.example\.com\/network-access\.md#net-02-/);
    assert.throws(() => catalog.reference('NET-99'), /NET-99 is not defined/);
  });

  it('serves each document as a page whose anchors match the citation links', async () => {
    const config = loadConfig({});
    const app = await buildApp({ config });
    const reference = PolicyCatalog.load(config.policyBaseUrl).reference('IR-03');
    const path = new URL(reference.url).pathname;
    const page = await app.inject({ url: path });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.ok(page.body.includes(`id="${new URL(reference.url).hash.slice(1)}"`));
    assert.match(page.body, /<title>Incident Response Standard<\/title>/);
    assert.equal((await app.inject({ url: '/policies/secrets.md' })).statusCode, 404);
    await app.close();
  });
});
