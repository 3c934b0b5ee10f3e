import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('renders the Markdown a policy author writes, with GitHub’s anchors for every heading', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'policy-'));
    writeFileSync(
      join(directory, 'sample.md'),
      [
        '---',
        'title: Sample Standard',
        'owner: Security',
        'version: 1.0',
        'effective: 2026-01-01',
        '---',
        '',
        '# Sample Standard',
        '',
        '## SAM-01: Keep `owner` tags & review them',
        '',
        '**Rule.** Steps, in order:',
        '',
        '1. Read the [tagging guide](https://wiki.example.com/tags).',
        '2. Tag the group.',
        '',
        '| Tag | Values |',
        '| --- | --- |',
        '| environment | prod, dev |',
        '',
        '```',
        '## SAM-99: not a section, only an example',
        '```',
        '',
        '<script>alert(1)</script>',
        '',
        '### Examples',
        '',
        'First.',
        '',
        '## SAM-02: Examples',
        '',
        '**Rule.** See below.',
        '',
        '### Examples',
        '',
        'Text.',
        '',
      ].join('\n'),
    );
    const sample = PolicyCatalog.load('https://policy.example.com', directory);
    assert.deepEqual(
      sample.all().map((control) => `${control.id} #${control.anchor}`),
      ['SAM-01 #sam-01-keep-owner-tags--review-them', 'SAM-02 #sam-02-examples'],
      'a ## inside a code block is not a control',
    );
    const app = await buildApp({ config: loadConfig({}), policy: sample });
    const page = (await app.inject({ url: '/policies/sample.md' })).body;
    await app.close();
    assert.ok(page.includes('<h2 id="sam-01-keep-owner-tags--review-them">'), page);
    // GitHub numbers a repeated heading text rather than repeating its anchor.
    assert.ok(page.includes('<h3 id="examples">Examples</h3>'), page);
    assert.ok(page.includes('<h3 id="examples-1">Examples</h3>'), page);
    assert.match(page, /<ol>\s*<li>Read the <a href="https:\/\/wiki\.example\.com\/tags">/);
    assert.match(page, /<table>[\s\S]*<td>environment<\/td>/);
    assert.match(page, /<code>## SAM-99: not a section, only an example\n?<\/code>/);
    assert.ok(!page.includes('<script>'), 'raw HTML is shown as text, never run');
  });
});
