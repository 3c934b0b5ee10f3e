import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../helpers/harness.js';

/** What a person reads when a request is malformed: every bad field, in words, at once. */
describe('a 400 for invalid input', () => {
  let h: Harness;
  let responder: string;

  before(async () => {
    h = await startHarness();
    responder = h.tokens.user('responder', { groups: ['security-responders'] });
  });
  after(() => h.close());

  it('lists every invalid field of a body in words, not as a regular expression', async () => {
    const response = await h.call(responder, {
      method: 'POST',
      url: '/security-groups/close-port',
      payload: {
        accountId: '2222',
        region: 'Virginia',
        groupId: 'sg-nope',
        port: 70000,
        ticket: ' SEC 101',
        reason: 'x',
        force: true,
      },
    });
    assert.equal(response.statusCode, 400);
    const { message } = response.json();
    for (const words of [
      'accountId must be 12 digits',
      'region must be an AWS Region code such as us-east-1',
      'groupId must be a security group id',
      'port must be a whole number from 0 to 65535',
      'ticket must be up to 64 letters, digits',
      'reason must be a sentence of 3 to 500 characters',
      'the request body has an unknown field "force"',
    ]) {
      assert.ok(message.includes(words), `"${words}" missing from: ${message}`);
    }
    assert.doesNotMatch(message, /pattern|\^|\\d|\$/, 'no regular expression is shown');
    assert.equal(message.match(/ticket/g)?.length, 1, 'a field is named once');
  });

  it('names missing fields and malformed query parameters the same way', async () => {
    const missing = await h.call(responder, {
      method: 'POST',
      url: '/iam/roles/revoke-sessions',
      payload: { dryRun: true },
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().message, /accountId is required; roleName is required/);

    const query = await h.call(responder, {
      url: '/iam/users?accountId=abc&userName=has%20space',
    });
    assert.equal(query.statusCode, 400);
    assert.match(
      query.json().message,
      /accountId must be 12 digits.*; userName must be 1 to 64 letters, digits or \+ = , \. @ _ -/,
    );
  });
});
