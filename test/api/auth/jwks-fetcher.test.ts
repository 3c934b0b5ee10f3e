import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { JwksOverrideFetcher } from '../../../api/auth/jwks-fetcher.js';
import { type KeyServer, refusedUrl, startKeyServer } from '../../helpers/key-server.js';

/** Failures must reach the token check as aws-jwt-verify's FetchError, whatever `fetch` threw. */
describe('JwksOverrideFetcher', () => {
  let keys: KeyServer;
  before(async () => {
    keys = await startKeyServer({ keys: [] });
  });
  after(() => keys.close());

  it('throws FetchError when nothing listens', async () => {
    const fetcher = new JwksOverrideFetcher(await refusedUrl());
    await assert.rejects(fetcher.fetch(), FetchError);
  });

  it('throws FetchError when the connection drops or the server fails', async () => {
    for (const mode of ['reset', 'http-500'] as const) {
      keys.mode = mode;
      await assert.rejects(new JwksOverrideFetcher(keys.url).fetch(), FetchError, mode);
    }
  });

  it('throws FetchError naming the timeout when the server does not answer', async () => {
    keys.mode = 'hang';
    await assert.rejects(new JwksOverrideFetcher(keys.url, 200).fetch(), (error: Error) => {
      assert.ok(error instanceof FetchError);
      assert.match(error.message, /timeout|aborted/i);
      return true;
    });
  });

  it('returns the key set at its URL, and throws NonRetryableFetchError on a 4xx', async () => {
    keys.mode = 'serve';
    const body = await new JwksOverrideFetcher(keys.url).fetch();
    assert.deepEqual(JSON.parse(Buffer.from(body).toString('utf8')), { keys: [] });
    // Retrying a wrong address at once would not mend it.
    const missing = keys.url.replace('jwks.json', 'missing.json');
    await assert.rejects(new JwksOverrideFetcher(missing).fetch(), NonRetryableFetchError);
  });
});
