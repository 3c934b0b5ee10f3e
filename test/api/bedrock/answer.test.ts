import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerBody, MAX_BODY_BYTES } from '../../../api/bedrock/answer.js';

const outcome = (steps: number, detailBytes: number) => ({
  remediationId: '0b6f3f0e-8a3e-4a51-9d4e-1c2b3a4d5e6f',
  operation: 'deleteIamUser',
  outcome: 'remediated',
  summary: 'Deleted the IAM user mallory and everything it owned.',
  dryRun: false,
  target: { accountId: '222222222222', resourceType: 'IAM user', resourceId: 'mallory' },
  requestedBy: { kind: 'user', name: 'responder', clientId: 'sandbox-qbusiness' },
  policyReferences: [{ id: 'IAM-05', title: 'Containment', url: 'https://example.com/p#iam-05' }],
  steps: Array.from({ length: steps }, (_, i) => ({
    number: i + 1,
    action: 'iam:DeleteAccessKey',
    description: `Delete access key ${i} ${'x'.repeat(600)}`,
    status: 'done',
  })),
  details: { deleted: 'y'.repeat(detailBytes) },
});

describe('an action-group answer body', () => {
  it('puts the summary, outcome and remediation id first and leaves a small answer whole', () => {
    const text = answerBody(outcome(2, 100));
    assert.deepEqual(Object.keys(JSON.parse(text)).slice(0, 3), [
      'summary',
      'outcome',
      'remediationId',
    ]);
    assert.equal(JSON.parse(text).details.deleted.length, 100);
  });

  it('stays under the cap by trimming details, then step descriptions, then steps', () => {
    for (const [steps, detailBytes] of [
      [2, 60_000],
      [60, 10],
      [400, 60_000],
    ] as const) {
      const text = answerBody(outcome(steps, detailBytes));
      assert.ok(Buffer.byteLength(text) <= MAX_BODY_BYTES, `${steps} steps: ${text.length}`);
      const body = JSON.parse(text);
      assert.equal(body.outcome, 'remediated');
      assert.equal(body.summary, 'Deleted the IAM user mallory and everything it owned.');
      assert.equal(body.remediationId, '0b6f3f0e-8a3e-4a51-9d4e-1c2b3a4d5e6f');
      assert.match(body.trimmed, /GET \/remediations\/0b6f3f0e/);
    }
    const many = JSON.parse(answerBody(outcome(400, 10)));
    assert.ok(many.steps.length < 400);
    assert.match(many.trimmed, /of 400 steps/);
  });
});
