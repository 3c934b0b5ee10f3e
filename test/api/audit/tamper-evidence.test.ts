import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { hashOf } from '../../../api/audit/hash-chain.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ALL_OPEN, CHAIN, closePort, RANGE, tokensFor, trailEntries, WEB } from './fixture.js';

const run = promisify(execFile);

describe('tamper evidence', () => {
  let h: Harness;
  let t: ReturnType<typeof tokensFor>;
  const verify = async () => (await h.call(t.auditor, { url: '/audit-trail/verify' })).json();
  const key = (seq: number) => ({ chain: { S: CHAIN }, seq: { N: String(seq) } });
  /** `npm run audit:verify` against the harness's tables. */
  const cli = () =>
    run('npx', ['tsx', 'api/audit/verify-cli.ts'], {
      env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: h.dynamo.url },
    }).then(
      (done) => ({ code: 0, output: done.stdout }),
      (failed: { code: number; stdout: string; stderr: string }) => ({
        code: failed.code,
        output: failed.stdout + failed.stderr,
      }),
    );

  after(() => h.close());
  beforeEach(async () => {
    // A fresh chain for each test.
    await h?.close();
    h = await startHarness();
    t = tokensFor(h);
    for (const groupId of [WEB, RANGE, ALL_OPEN]) await closePort(h, t.responder, { groupId });
  });

  it('passes an intact trail, in the API and on the command line', async () => {
    const report = await verify();
    assert.equal(report.intact, true, report.summary);
    assert.equal(report.checked, 6);
    assert.deepEqual(
      report.chains.map((chain: { chain: string; checked: number }) => [
        chain.chain,
        chain.checked,
      ]),
      [
        ['trail-index', 2],
        [CHAIN, 6],
      ],
    );
    assert.equal(report.chains[1].head.seq, 6);
    assert.match(report.summary, /intact: all 6 entries/);
    const { code, output } = await cli();
    assert.equal(code, 0, output);
    assert.match(output, /intact: all 6 entries/);
    assert.match(output, new RegExp(`${CHAIN} +newest entry 6, hash [0-9a-f]{64}`));
  });

  it('names the record that was edited in the table', async () => {
    const entries = await trailEntries(h);
    const target = entries[2] as Record<string, unknown>;
    await h.dynamo.client.send(
      new UpdateItemCommand({
        TableName: h.config.audit.tableName,
        Key: key(3),
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': { S: 'routine maintenance' } },
      }),
    );
    const report = await verify();
    assert.equal(report.intact, false);
    assert.deepEqual(
      { ...report.firstProblem, message: undefined },
      {
        kind: 'altered',
        chain: CHAIN,
        accountId: '222222222222',
        seq: 3,
        remediationId: target.remediationId,
        recordType: 'intent',
        message: undefined,
      },
    );
    assert.match(
      report.summary,
      new RegExp(`entry 3 \\(the request of remediation ${target.remediationId}.*was altered`),
    );
    assert.equal(report.checked, 2);
    const { code, output } = await cli();
    assert.equal(code, 1);
    assert.match(
      output,
      /NOT intact\. In account 222222222222's chain in us-east-1, entry 3 .* was altered/,
    );
    assert.match(output, new RegExp(`${CHAIN} +NOT intact after entry 2,`));
  });

  it('notices a record removed from the middle, and one removed from the end', async () => {
    await h.dynamo.client.send(
      new DeleteItemCommand({ TableName: h.config.audit.tableName, Key: key(4) }),
    );
    const middle = await verify();
    assert.equal(middle.firstProblem.kind, 'missing');
    assert.equal(middle.firstProblem.seq, 4);
    assert.match(middle.summary, /entry 4 is missing/);
    await h.close();
    h = await startHarness();
    t = tokensFor(h);
    for (const groupId of [WEB, RANGE]) await closePort(h, t.responder, { groupId });
    await h.dynamo.client.send(
      new DeleteItemCommand({ TableName: h.config.audit.tableName, Key: key(4) }),
    );
    const end = await verify();
    assert.equal(end.intact, false);
    assert.equal(end.firstProblem.seq, 4);
    assert.match(end.summary, /missing from the end/);
  });

  it('notices a record replaced wholesale with a recomputed hash', async () => {
    const entries = await trailEntries(h);
    const forged: Record<string, unknown> = { ...entries[1], summary: 'Nothing happened.' };
    forged.hash = hashOf(forged);
    await h.dynamo.client.send(
      new PutItemCommand({
        TableName: h.config.audit.tableName,
        Item: marshall(forged, { removeUndefinedValues: true }),
      }),
    );
    const report = await verify();
    assert.equal(report.firstProblem.kind, 'relinked');
    assert.equal(report.firstProblem.seq, 3);
    assert.match(report.summary, /entry 3 .* does not link to entry 2/);
  });
});
