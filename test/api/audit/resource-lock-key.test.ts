import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lockKey } from '../../../api/audit/resource-lock.js';

describe('which requests share a resource lock', () => {
  it('treats IAM names that differ only in case as one principal, as IAM does', () => {
    const user = (resourceId: string) => ({
      accountId: '222222222222',
      resourceType: 'IAM user',
      resourceId,
    });
    assert.equal(lockKey(user('Alice')), lockKey(user('alice')));
    assert.notEqual(
      lockKey(user('alice')),
      lockKey({ ...user('alice'), accountId: '333333333333' }),
    );
  });

  it('keeps regional resources apart by region', () => {
    const group = {
      accountId: '222222222222',
      resourceType: 'security group',
      resourceId: 'sg-0a1b2c3d4e5f60001',
    };
    assert.notEqual(
      lockKey({ ...group, region: 'us-east-1' }),
      lockKey({ ...group, region: 'eu-west-1' }),
    );
  });
});
