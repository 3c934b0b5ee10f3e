import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { closePort, RANGE, tokensFor, WEB } from './fixture.js';

describe('a trail kept in a data folder', () => {
  let folder: string;
  let h: Harness | undefined;
  after(async () => {
    await h?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('survives a restart and keeps growing as one chain', async () => {
    folder = await mkdtemp(join(tmpdir(), 'audit-trail-'));
    h = await startHarness({}, { dataDir: folder });
    const first = (
      await closePort(h, tokensFor(h).responder, { groupId: WEB, ticket: 'SEC-701' })
    ).json();
    await h.close();
    h = await startHarness({}, { dataDir: folder });
    const t = tokensFor(h);
    await closePort(h, t.responder, { groupId: RANGE, ticket: 'SEC-701' });
    const listed = (await h.call(t.auditor, { url: '/remediations?ticket=SEC-701' })).json();
    assert.equal(listed.remediations.length, 2);
    assert.equal(listed.remediations[1].remediationId, first.remediationId);
    assert.equal(listed.remediations[1].outcome, 'remediated');
    const report = (await h.call(t.auditor, { url: '/audit-trail/verify' })).json();
    assert.equal(report.intact, true, report.summary);
    assert.equal(report.checked, 4);
  });
});
