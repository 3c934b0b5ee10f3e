import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ListDataSourceSyncJobsCommand,
  paginateListDataSources,
  paginateListDocuments,
  StartDataSourceSyncJobCommand,
} from '@aws-sdk/client-qbusiness';
import { POLICY_DIRECTORY, PolicyCatalog } from '../../api/policy/catalog.js';
import { type Sandbox, startSandbox } from '../../infra/local/sandbox/server.js';
import { qbusiness, runTool, SANDBOX } from './tool.js';

const key = { applicationId: SANDBOX.applicationId, indexId: SANDBOX.indexId };
const controls = PolicyCatalog.load('http://127.0.0.1:3000/policies').all();

interface StoredDocument {
  id: string;
  title: string;
  contentType: string;
  attributes: Array<{ name: string; value: Record<string, unknown> }>;
}

describe('npm run plugin -- sync-policies', () => {
  let sandbox: Sandbox;
  let policies: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    policies = await mkdtemp(join(tmpdir(), 'policies-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(policies, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sandbox.reset();
    await cp(POLICY_DIRECTORY, policies, { recursive: true });
  });

  async function dataSourceId(): Promise<string> {
    const client = qbusiness(sandbox);
    for await (const page of paginateListDataSources({ client }, key)) {
      const found = page.dataSources?.find((source) => source.displayName === 'security-policy');
      if (found?.dataSourceId) return found.dataSourceId;
    }
    throw new Error('no data source named security-policy');
  }

  async function documentIds(): Promise<string[]> {
    const ids: string[] = [];
    const client = qbusiness(sandbox);
    const query = { ...key, dataSourceIds: [await dataSourceId()] };
    for await (const page of paginateListDocuments({ client }, query)) {
      ids.push(...(page.documentDetailList ?? []).map((detail) => detail.documentId ?? ''));
    }
    return ids.sort();
  }

  async function storedDocument(id: string): Promise<StoredDocument> {
    type State = {
      applications: Record<
        string,
        { indices: Record<string, { documents: Record<string, StoredDocument> }> }
      >;
    };
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state/qbusiness`)).json()) as State;
    const stored =
      state.applications[SANDBOX.applicationId]?.indices[SANDBOX.indexId]?.documents[id];
    assert.ok(stored, `document ${id} is stored`);
    return stored;
  }

  async function lastSync() {
    const { history } = await qbusiness(sandbox).send(
      new ListDataSourceSyncJobsCommand({ ...key, dataSourceId: await dataSourceId() }),
    );
    return history?.[0];
  }

  it('creates the data source and puts one document per control, at most 10 per call', async () => {
    const run = await runTool(sandbox, ['sync-policies']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      await documentIds(),
      controls.map((control) => `policy-control/${control.id}`).sort(),
    );
    const puts = sandbox.knobs.callsMatching({ action: 'BatchPutDocument' });
    assert.equal(puts.length, Math.ceil(controls.length / 10));
    assert.equal((await lastSync())?.status, 'SUCCEEDED');
    assert.match(run.stdout, new RegExp(`SUCCEEDED: ${controls.length} added`));
  });

  it('gives each document a title, a link to its section, the version, the date and the category', async () => {
    assert.equal((await runTool(sandbox, ['sync-policies'])).code, 0);
    const stored = await storedDocument('policy-control/NET-02');
    const net02 = controls.find((control) => control.id === 'NET-02');
    assert.ok(net02);
    assert.equal(stored.title, `NET-02: ${net02.title}`);
    assert.equal(stored.contentType, 'MD');
    const attribute = (name: string) => stored.attributes.find((item) => item.name === name)?.value;
    assert.deepEqual(attribute('_source_uri'), {
      stringValue: `http://127.0.0.1:3000/policies/network-access.md#${net02.anchor}`,
    });
    assert.deepEqual(attribute('_version'), { stringValue: net02.version });
    assert.deepEqual(attribute('_category'), { stringValue: 'Network Access Standard' });
    assert.equal(
      attribute('_last_updated_at')?.dateValue,
      new Date(`${net02.effective}T00:00:00Z`).getTime() / 1000,
    );
  });

  it('links citations to POLICY_BASE_URL', async () => {
    const run = await runTool(sandbox, ['sync-policies'], {
      env: { POLICY_BASE_URL: 'https://intranet.example.org/security/policy' },
    });
    assert.equal(run.code, 0, run.stderr);
    const stored = await storedDocument('policy-control/IAM-01');
    assert.match(
      String(stored.attributes.find((item) => item.name === '_source_uri')?.value.stringValue),
      /^https:\/\/intranet\.example\.org\/security\/policy\/identity-and-access\.md#iam-01-/,
    );
  });

  it('a re-sync replaces documents under the same ids and removes sections that disappeared', async () => {
    assert.equal(
      (await runTool(sandbox, ['sync-policies'], { policyDirectory: policies })).code,
      0,
    );
    const file = join(policies, 'network-access.md');
    const text = await readFile(file, 'utf8');
    const start = text.indexOf('## NET-01:');
    const end = text.indexOf('## NET-02:');
    await writeFile(file, text.slice(0, start) + text.slice(end));
    const again = await runTool(sandbox, ['sync-policies'], { policyDirectory: policies });
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /Removing 1 document\(s\) whose section disappeared: policy-control\/NET-01/,
    );
    assert.match(again.stdout, new RegExp(`0 added, ${controls.length - 1} replaced, 1 removed`));
    const ids = await documentIds();
    assert.equal(ids.length, controls.length - 1);
    assert.ok(!ids.includes('policy-control/NET-01'));
    assert.ok(ids.includes('policy-control/NET-02'));
  });

  it('stops the sync when a batch fails halfway, and a rerun completes it', async () => {
    sandbox.knobs.addFault({
      service: 'qbusiness',
      action: 'BatchPutDocument',
      code: 'ThrottlingException',
      status: 429,
      after: 1,
      times: 3,
    });
    const failed = await runTool(sandbox, ['sync-policies']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /BatchPutDocument failed \(ThrottlingException/);
    assert.match(failed.stderr, /The sync was stopped\. Run sync-policies again/);
    assert.equal((await documentIds()).length, 10, 'the first batch went in');
    assert.notEqual((await lastSync())?.status, 'SYNCING', 'no sync is left running');
    const rerun = await runTool(sandbox, ['sync-policies']);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal((await documentIds()).length, controls.length);
  });

  it('stops a sync an interrupted run left running before starting its own', async () => {
    assert.equal((await runTool(sandbox, ['sync-policies'])).code, 0);
    await qbusiness(sandbox).send(
      new StartDataSourceSyncJobCommand({ ...key, dataSourceId: await dataSourceId() }),
    );
    const run = await runTool(sandbox, ['sync-policies']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /was left running by an earlier run; stopping it first/);
    assert.equal((await lastSync())?.status, 'SUCCEEDED');
  });

  it('names the file to fix when a policy document has no effective date', async () => {
    const file = join(policies, 'exceptions.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/effective: .*\n/, ''));
    const run = await runTool(sandbox, ['sync-policies'], { policyDirectory: policies });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /policies-docs\/exceptions\.md needs "effective: YYYY-MM-DD"/);
    assert.deepEqual(sandbox.knobs.calls, [], 'nothing was sent');
  });

  it('--dry-run prints every BatchPutDocument request and sends nothing', async () => {
    const run = await runTool(sandbox, ['sync-policies', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sandbox.knobs.calls, []);
    const puts = [...run.stdout.matchAll(/BatchPutDocument (\{[\s\S]*?\n\})/g)].map((match) =>
      JSON.parse(match[1] as string),
    );
    assert.equal(puts.length, Math.ceil(controls.length / 10));
    const documents = puts.flatMap((put) => put.documents);
    assert.equal(documents.length, controls.length);
    assert.ok(puts.every((put) => put.documents.length <= 10));
    assert.match(documents[0].content.blob, /^# /, 'content shown as the Markdown it is');
    assert.match(run.stdout, /CreateDataSource \{[\s\S]*"type": "CUSTOM"/);
    assert.match(run.stdout, /StopDataSourceSyncJob/);
  });
});
