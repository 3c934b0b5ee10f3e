import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CallToolResult,
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { LocalBulkEngine } from '../../../infra/local/bulk/local-engine.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { freePort } from '../../helpers/scripts.js';
import { exposedGroups } from '../actions/find-exposed-resources/estate-truth.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read field by field.
type Answer = Record<string, any>;

const ACCOUNT = SEED.accounts.production;
const REGION = 'us-east-1';

/**
 * The bulk job operations as MCP tools, through the official client against the app on a real
 * port with jobs on the local runner: the same job pipeline and jobs as over HTTP.
 */
describe('bulk jobs through the MCP door', () => {
  let h: Harness;
  let engine: LocalBulkEngine | undefined;
  let base: string;
  const clients: Client[] = [];

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    h = await startHarness(
      { PUBLIC_URL: base },
      { bulk: { engine: (tasks) => (engine = new LocalBulkEngine(tasks)) } },
    );
    await h.app.listen({ port, host: '127.0.0.1' });
  });
  after(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await h?.close();
  });

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'mcp-bulk-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>) {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    const body: Answer = result.structuredContent ?? {};
    return { result, text, body };
  }

  const responder = () => h.tokens.user('responder', { groups: ['security-responders'] });

  it('lists the four job tools with hints from their declarations', async () => {
    const { tools } = await (await connect(responder())).listTools();
    const hints = (name: string) => {
      const tool = tools.find((candidate) => candidate.name === name);
      assert.ok(tool, `${name} is listed`);
      assert.ok(tool.outputSchema, `${name} declares its answer`);
      const { readOnlyHint, destructiveHint, idempotentHint, openWorldHint } =
        tool.annotations ?? {};
      return { readOnlyHint, destructiveHint, idempotentHint, openWorldHint };
    };
    // Starting closes ports (undoable); each start is a new job, so not idempotent.
    assert.deepEqual(hints('startBulkRemediation'), {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    });
    assert.deepEqual(hints('getBulkRemediation'), {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    assert.deepEqual(hints('cancelBulkRemediation'), {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    // The undo re-opens ports to the internet, and no operation undoes it.
    assert.deepEqual(hints('undoBulkRemediation'), {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
  });

  it('starts a dry-run job and reads it back with getBulkRemediation, changing nothing', async () => {
    const client = await connect(responder());
    const exposed = exposedGroups(h.sandbox, [ACCOUNT], [REGION], 22);
    assert.ok(exposed.length > 1, 'the seed has groups open on 22 there');
    const started = await call(client, 'startBulkRemediation', {
      operation: 'closeSecurityGroupPort',
      port: 22,
      accounts: ACCOUNT,
      regions: REGION,
      dryRun: true,
    });
    assert.notEqual(started.result.isError, true, started.text);
    assert.equal(started.body.outcome, 'started', started.text);
    assert.equal(started.text, started.body.summary);
    assert.equal(started.body.targetCount, exposed.length);
    assert.equal(started.body.dryRun, true);

    assert.ok(engine, 'the app made its bulk engine');
    await engine.settled(started.body.jobId);
    const read = await call(client, 'getBulkRemediation', {
      jobId: started.body.jobId,
      limit: 1000,
    });
    assert.notEqual(read.result.isError, true, read.text);
    const job = read.body;
    assert.equal(job.outcome, 'answered');
    assert.equal(job.status, 'finished', job.summary);
    assert.equal(job.dryRun, true);
    assert.equal(job.remaining, 0);
    assert.equal(job.failed, 0);
    assert.equal(job.outcomes.planned, exposed.filter((group) => !group.protected).length);
    assert.equal(job.refused, exposed.filter((group) => group.protected).length);
    assert.deepEqual(
      job.targets.map((target: Answer) => target.resourceId).sort(),
      exposed.map((group) => group.groupId).sort(),
    );
    for (const target of job.targets) assert.ok(target.remediationId, target.summary);
    // The same job over HTTP: one job, whichever door reads it.
    const overHttp = await h.call(responder(), {
      url: `/bulk-remediations/${started.body.jobId}?limit=1000`,
    });
    assert.equal(overHttp.statusCode, 200, overHttp.body);
    assert.deepEqual(overHttp.json(), job);
    // A preview: AWS was never asked to change anything, and the groups are still open.
    assert.equal(h.sandbox.knobs.callsMatching({ action: 'RevokeSecurityGroupIngress' }).length, 0);
    assert.deepEqual(exposedGroups(h.sandbox, [ACCOUNT], [REGION], 22), exposed);
  });

  it('refuses a caller without the write scope: no job tools listed, none started', async () => {
    const reader = h.tokens.user('reader', {
      groups: ['security-responders'],
      scopes: ['remediation-api/read'],
    });
    const client = await connect(reader);
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.filter((tool) => /BulkRemediation$/.test(tool.name)),
      [],
      'a read-only token sees no job tool',
    );
    const before = h.sandbox.knobs.callsMatching({ action: 'DescribeSecurityGroups' }).length;
    const refused = await call(client, 'startBulkRemediation', {
      operation: 'closeSecurityGroupPort',
      port: 22,
      accounts: ACCOUNT,
      regions: REGION,
      dryRun: true,
    });
    assert.equal(refused.result.isError, true);
    assert.match(refused.text, /needs the OAuth scope "remediation-api\/write"/);
    // Refused before the selection: no scan of the account ran.
    assert.equal(
      h.sandbox.knobs.callsMatching({ action: 'DescribeSecurityGroups' }).length,
      before,
    );
    const read = await call(client, 'getBulkRemediation', {
      jobId: '0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f',
    });
    assert.equal(read.result.isError, true);
    assert.match(read.text, /needs the OAuth scope "remediation-api\/write"/);
  });

  it('starts a real job only as a preview, and only for responders', async () => {
    // No person reads a plan between an agent and this door (PLAN_REQUIRED_DOORS has mcp), and
    // a job has no planId: a real start is refused, ticket or not, before anything is read.
    const scansBefore = h.sandbox.knobs.callsMatching({ action: 'DescribeSecurityGroups' }).length;
    const real = await call(await connect(responder()), 'startBulkRemediation', {
      operation: 'closeSecurityGroupPort',
      port: 22,
      accounts: ACCOUNT,
      ticket: 'SEC-300',
      reason: 'close SSH to the world',
    });
    assert.equal(real.result.isError, true);
    assert.equal(real.body.outcome, 'refused');
    assert.equal(real.body.targetCount, 0);
    assert.match(real.text, /only as a preview/);
    assert.equal(
      h.sandbox.knobs.callsMatching({ action: 'DescribeSecurityGroups' }).length,
      scansBefore,
    );
    const analyst = await connect(h.tokens.user('analyst', { groups: ['security-analysts'] }));
    const refused = await call(analyst, 'startBulkRemediation', {
      operation: 'closeSecurityGroupPort',
      port: 22,
      accounts: ACCOUNT,
      dryRun: true,
    });
    assert.equal(refused.result.isError, true);
    assert.equal(refused.body.outcome, 'refused');
    assert.match(refused.text, /security-responders/);
  });
});
