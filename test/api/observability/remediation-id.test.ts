import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { bindRemediationId } from '../../../api/observability/remediation-id.js';

describe('bindRemediationId', () => {
  it('reaches every holder of the request logger, once', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = Fastify({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
    });
    app.get('/', async (request) => {
      // What the action context holds: the same object, taken before the id is known.
      const contextLog = request.log;
      bindRemediationId(request, 'rem-1');
      bindRemediationId(contextLog, 'rem-2');
      contextLog.info('step done');
      return { ok: true };
    });
    await app.inject({ url: '/' });
    await app.close();
    const step = lines.find((line) => line.msg === 'step done');
    const completed = lines.find((line) => line.msg === 'request completed');
    assert.equal(step?.remediationId, 'rem-1');
    assert.equal(completed?.remediationId, 'rem-1');
    assert.equal(typeof completed?.reqId, 'string');
    assert.equal(lines.find((line) => line.msg === 'incoming request')?.remediationId, undefined);
  });

  it('does nothing without a logger', async () => {
    const app = Fastify();
    app.get('/', async (request) => {
      bindRemediationId(request, 'rem-1');
      return { ok: true };
    });
    assert.equal((await app.inject({ url: '/' })).statusCode, 200);
    await app.close();
  });
});
