import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { hashOf } from '../../../api/audit/hash-chain.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { runScript } from '../../helpers/scripts.js';
import { ACCOUNT, closePort, tokensFor, trailEntries } from './fixture.js';

const DATA = SEED.accounts.data;
const US = `trail#${ACCOUNT}#us-east-1`;
const EU = `trail#${ACCOUNT}#eu-west-1`;
const IAM = `trail#${ACCOUNT}#global`;
const DATA_US = `trail#${DATA}#us-east-1`;

type Report = {
  intact: boolean;
  checked: number;
  summary: string;
  chains: Array<{ chain: string; checked: number; intact: boolean; accountId?: string }>;
  chainsWithProblems?: number;
  firstProblem?: { kind: string; chain: string; seq: number; message: string };
};

/** The trail is one hash chain per account and Region, anchored in an index of chains. */
describe('audit trail chains', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  const verify = async (query = ''): Promise<Report> =>
    (await h.call(t.auditor, { url: `/audit-trail/verify${query}` })).json();
  const remove = (chain: string, seq: number) =>
    h.dynamo.client.send(
      new DeleteItemCommand({
        TableName: h.config.audit.tableName,
        Key: { chain: { S: chain }, seq: { N: String(seq) } },
      }),
    );
  const put = (item: Record<string, unknown>) =>
    h.dynamo.client.send(
      new PutItemCommand({
        TableName: h.config.audit.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
      }),
    );

  after(() => h.close());
  beforeEach(async () => {
    await h?.close();
    h = await startHarness();
    t = tokensFor(h);
    const sg = SEED.securityGroups;
    await closePort(h, t.responder, { groupId: sg.webFrontend });
    await closePort(h, t.responder, { region: 'eu-west-1', groupId: sg.euApp });
    await closePort(h, t.responder, { accountId: DATA, groupId: sg.dataPipeline });
    await h.call(t.responder, {
      method: 'POST',
      url: '/iam/users/revoke-credentials',
      payload: { accountId: ACCOUNT, userName: 'devops-temp', dryRun: true },
    });
  });

  it('records each account and Region in its own chain, and proves each and the whole', async () => {
    const whole = await verify();
    assert.equal(whole.intact, true, whole.summary);
    assert.equal(whole.checked, 8);
    assert.deepEqual(
      whole.chains.map((chain) => [chain.chain, chain.checked, chain.intact]),
      [
        // Each chain's opening and its first entry.
        ['trail-index', 8, true],
        [EU, 2, true],
        [IAM, 2, true],
        [US, 2, true],
        [DATA_US, 2, true],
      ],
    );
    assert.match(whole.summary, /intact: all 8 entries .*\(4 chains, anchored in the index/);

    const one = await verify(`?accountId=${DATA}`);
    assert.equal(one.intact, true, one.summary);
    assert.deepEqual(
      one.chains.map((chain) => [chain.chain, chain.accountId]),
      [
        ['trail-index', undefined],
        [DATA_US, DATA],
      ],
    );
    assert.match(one.summary, new RegExp(`^Account ${DATA}'s part of the audit trail is intact`));

    // A remediation's two entries are in its place's chain, as getRemediation shows.
    const [intent] = await trailEntries(h, EU);
    const record = (
      await h.call(t.auditor, { url: `/remediations/${String(intent?.remediationId)}` })
    ).json();
    assert.deepEqual(
      record.remediation.auditEntries.map((entry: { chain: string }) => entry.chain),
      [EU, EU],
    );
  });

  it('records a request for an account it may not act in without opening a chain for it', async () => {
    const refused = (
      await closePort(h, t.responder, {
        accountId: '999999999999',
        groupId: 'sg-0123456789abcdef0',
      })
    ).json();
    assert.equal(refused.outcome, 'refused', refused.summary);
    const report = await verify();
    assert.equal(report.intact, true, report.summary);
    assert.deepEqual(
      report.chains.map((chain) => chain.chain).filter((chain) => !chain.includes(ACCOUNT)),
      ['trail-index', DATA_US, 'trail#other'],
    );
    const [intent] = await trailEntries(h, 'trail#other');
    assert.equal(intent?.accountId, '999999999999');
  });

  it('finds the trail intact while requests keep appending to it', async () => {
    // Reading a chain's head pointer takes a while, so appends land around every read of it.
    h.audit.client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = (args.input as { Key?: { chain?: { S?: string } } }).Key?.chain?.S;
        if (context.commandName === 'GetItemCommand' && key?.startsWith('head#')) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return next(args);
      },
      { step: 'initialize', name: 'slowHeadPointers' },
    );
    const sg = SEED.securityGroups;
    const previews = Array.from({ length: 24 }, (_, i) =>
      closePort(h, t.responder, {
        dryRun: true,
        ...(i % 2 ? { region: 'eu-west-1', groupId: sg.euApp } : { groupId: sg.webFrontend }),
      }),
    );
    const checks = Array.from({ length: 6 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 40));
      return verify();
    });
    const [reports] = await Promise.all([Promise.all(checks), Promise.all(previews)]);
    for (const report of reports) assert.equal(report.intact, true, report.summary);
    const settled = await verify();
    assert.equal(settled.intact, true, settled.summary);
    assert.equal(settled.checked, 8 + 48);
  });

  it('notices a chain deleted whole, head pointer and all, through the index', async () => {
    await remove(DATA_US, 1);
    await remove(DATA_US, 2);
    await remove(`head#${DATA_US}`, 0);
    const report = await verify();
    assert.equal(report.intact, false);
    assert.equal(report.firstProblem?.chain, DATA_US);
    assert.equal(report.firstProblem?.kind, 'missing');
    assert.match(
      report.summary,
      new RegExp(
        `In account ${DATA}'s chain in us-east-1, entry 1 is missing from the end \\(the index recorded entry 1; the chain is empty\\)`,
      ),
    );
    // The other chains are still proven.
    assert.deepEqual(
      report.chains.filter((chain) => !chain.intact).map((chain) => chain.chain),
      [DATA_US],
    );
  });

  it('notices a chain rewritten from its first entry and re-linked, head pointer too', async () => {
    const [first, second] = await trailEntries(h, DATA_US);
    const forgedFirst: Record<string, unknown> = { ...first, reason: 'routine maintenance' };
    forgedFirst.hash = hashOf(forgedFirst);
    const forgedSecond: Record<string, unknown> = { ...second, prevHash: forgedFirst.hash };
    forgedSecond.hash = hashOf(forgedSecond);
    await put(forgedFirst);
    await put(forgedSecond);
    await put({ chain: `head#${DATA_US}`, seq: 0, headSeq: 2, headHash: forgedSecond.hash });
    const report = await verify();
    assert.equal(report.intact, false);
    assert.deepEqual([report.firstProblem?.chain, report.firstProblem?.seq], [DATA_US, 1]);
    assert.match(report.summary, /entry 1 .* is not the entry originally written at that place/);
  });

  it('notices the index cut short: the chains it no longer names are still found and checked', async () => {
    for (let seq = 1; seq <= 8; seq++) await remove('trail-index', seq);
    await remove('head#trail-index', 0);
    const report = await verify();
    assert.equal(report.intact, false);
    assert.equal(report.chainsWithProblems, 4);
    assert.equal(report.firstProblem?.kind, 'unindexed');
    assert.match(report.summary, /the index of chains does not name it/);
    assert.equal(report.checked, 8);
  });

  it('refuses an account that is not 12 digits, on HTTP and the command line', async () => {
    const answer = await h.call(t.auditor, { url: '/audit-trail/verify?accountId=2222' });
    assert.equal(answer.statusCode, 400);
    assert.match(answer.json().message, /12 digits/);
    const run = runScript('api/audit/verify-cli.ts', ['--account', '2222'], {});
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--account must be a 12-digit account id/);
  });
});
