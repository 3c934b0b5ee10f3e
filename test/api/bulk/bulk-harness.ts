import assert from 'node:assert/strict';
import { LocalBulkEngine } from '../../../infra/local/bulk/local-engine.js';
import type { EstateOptions } from '../../../infra/local/sandbox/estate/generate.js';
import { type Harness, startHarness } from '../../helpers/harness.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read field by field.
export type Answer = Record<string, any>;

export interface BulkHarness {
  h: Harness;
  /** The engine the app runs jobs on (made by the app on the first bulk request). */
  engine(): LocalBulkEngine;
  responder: string;
  start(body: Record<string, unknown>): Promise<Answer>;
  /** The job with every target. */
  get(jobId: string): Promise<Answer>;
  /** Waits for this process's run of the job to end, then reads it. */
  finished(jobId: string): Promise<Answer>;
  close(): Promise<void>;
}

/** The API with bulk jobs on the local runner, against a sandbox (organisation allow-list). */
export async function startBulkHarness(
  env: Record<string, string> = {},
  estate?: EstateOptions,
): Promise<BulkHarness> {
  let engine: LocalBulkEngine | undefined;
  const h = await startHarness(
    { ALLOWED_ACCOUNTS_SOURCE: 'organization', ...env },
    {
      bulk: { engine: (tasks) => (engine = new LocalBulkEngine(tasks)) },
      ...(estate ? { estate } : {}),
    },
  );
  const responder = h.tokens.user('responder', { groups: ['security-responders'] });
  const get = async (jobId: string) => {
    const response = await h.call(responder, { url: `/bulk-remediations/${jobId}?limit=1000` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Answer;
  };
  return {
    h,
    responder,
    engine() {
      assert.ok(engine, 'the app made its bulk engine');
      return engine;
    },
    async start({ targets, ...body }) {
      // The API takes named groups as account/Region/group text, comma separated.
      const groups = Array.isArray(targets)
        ? targets.map((t: Answer) => `${t.accountId}/${t.region}/${t.groupId}`).join(',')
        : undefined;
      const response = await h.call(responder, {
        method: 'POST',
        url: '/bulk-remediations',
        payload: {
          operation: 'closeSecurityGroupPort',
          port: 22,
          ...body,
          ...(groups ? { groups } : {}),
        },
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as Answer;
    },
    get,
    async finished(jobId) {
      await engine?.settled(jobId);
      return get(jobId);
    },
    close: () => h.close(),
  };
}

export const REAL_RUN = { ticket: 'SEC-200', reason: 'close SSH to the world everywhere' };
