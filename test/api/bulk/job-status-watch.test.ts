import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BulkJob } from '../../../api/bulk/job.js';
import { CANCEL_CHECK_MS, JobStatusWatch } from '../../../api/bulk/job-status-watch.js';
import { JobStore } from '../../../api/bulk/job-store.js';
import { type LocalDynamo, startLocalDynamo } from '../../../infra/local/dynamo.js';

const TABLE = 'watch-jobs';

describe('a job status watch shared by the lanes of one process', () => {
  let dynamo: LocalDynamo;
  let reads = 0;
  before(async () => {
    dynamo = await startLocalDynamo({
      port: 0,
      tables: { audit: 'watch-audit', requests: 'watch-requests', jobs: TABLE },
    });
    dynamo.client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'GetItemCommand') reads++;
        return next(args);
      },
      { step: 'initialize', name: 'countReads' },
    );
  });
  after(() => dynamo.close());

  it('answers sixty lanes with one read of the job per interval, and every lane sees a cancel', async () => {
    const store = new JobStore(dynamo.client, TABLE);
    const job: BulkJob = {
      jobId: 'job-watch-1',
      operation: 'closeSecurityGroupPort',
      status: 'running',
      dryRun: false,
      requester: {
        kind: 'machine',
        name: 'jira-automation',
        clientId: 'jira-automation',
        sub: 'jira-automation',
        groups: [],
        scopes: [],
        tokenId: undefined,
      },
      origin: { sourceIp: '127.0.0.1', requestId: 'req-1' },
      selection: 'test',
      targetCount: 0,
      lanes: [],
      createdAt: new Date().toISOString(),
      runs: 0,
    };
    await store.create(job, []);
    let clock = 1_000_000;
    const watch = new JobStatusWatch(store, () => clock);
    const lanes = (n: number) => Promise.all(Array.from({ length: n }, () => watch.stopped(job)));

    reads = 0;
    assert.deepEqual(new Set(await lanes(60)), new Set([false]));
    assert.equal(reads, 0, 'the lanes just read the job: nothing to read again yet');

    clock += CANCEL_CHECK_MS;
    assert.deepEqual(new Set(await lanes(60)), new Set([false]));
    assert.equal(reads, 1);

    assert.equal(await store.setStatus(job.jobId, 'cancelling', ['running']), true);
    assert.deepEqual(new Set(await lanes(60)), new Set([false]), 'within the interval');
    clock += CANCEL_CHECK_MS;
    await lanes(1);
    assert.deepEqual(new Set(await lanes(60)), new Set([true]));
    assert.equal(reads, 2);
    // Once stopped, a job is never read again: a status only moves on.
    clock += 10 * CANCEL_CHECK_MS;
    await lanes(60);
    assert.equal(reads, 2);
  });
});
