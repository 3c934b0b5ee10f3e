import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRANSIENT } from '../../../api/bulk/lane.js';
import { busy, lockUnavailable } from '../../../api/pipeline/words.js';

/**
 * A job's lane retries a target the pipeline turned away for a moment (another remediation holds
 * the resource, the lock table did not answer) by the words of those answers. If they are
 * reworded, this fails instead of targets silently ending as refused.
 */
describe('the bulk lane recognises the pipeline answers worth a retry', () => {
  const target = {
    accountId: '222222222222',
    region: 'us-east-1',
    resourceType: 'security group',
    resourceId: 'sg-0a1b2c3d4e5f60001',
  };
  const holder = {
    remediationId: 'r-1',
    operation: 'closeSecurityGroupPort',
    requesterName: 'responder',
    acquiredAt: '2026-12-02T00:00:00.000Z',
  };

  it('retries a busy resource, with or without its holder known, and a lock table that did not answer', () => {
    assert.match(busy(target, holder), TRANSIENT);
    assert.match(busy(target, undefined), TRANSIENT);
    assert.match(lockUnavailable(target), TRANSIENT);
  });
});
