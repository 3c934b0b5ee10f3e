import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Harness } from '../../helpers/harness.js';

export const ACCOUNT = '222222222222';
export const REGION = 'us-east-1';
export const WEB = 'sg-0a1b2c3d4e5f60001';
export const ALL_OPEN = 'sg-0a1b2c3d4e5f60002';
export const RANGE = 'sg-0a1b2c3d4e5f60003';

export const tokensFor = (h: Harness) => ({
  responder: h.tokens.user('responder', { groups: ['security-responders'] }),
  analyst: h.tokens.user('analyst', { groups: ['security-analysts'] }),
  auditor: h.tokens.user('auditor', {
    groups: ['security-auditors'],
    scopes: ['remediation-api/audit'],
  }),
  auditClient: h.tokens.machine('sandbox-auditor', { scopes: ['remediation-api/audit'] }),
  jira: h.tokens.machine('sandbox-jira'),
});

export function closePort(
  h: Harness,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return h.call(token, {
    method: 'POST',
    url: '/security-groups/close-port',
    headers,
    payload: {
      accountId: ACCOUNT,
      region: REGION,
      groupId: WEB,
      reason: 'SSH open to the world',
      ticket: 'SEC-101',
      ...body,
    },
  });
}

export function undo(
  h: Harness,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return h.call(token, {
    method: 'POST',
    url: '/remediations/undo',
    headers,
    payload: { reason: 'Closed the wrong port', ticket: 'SEC-101', ...body },
  });
}

/** The chain of the fixture's account and Region (the trail has one per account and Region). */
export const CHAIN = `trail#${ACCOUNT}#${REGION}`;

/** Every entry of a chain, read straight from the table as an operator would. */
export async function trailEntries(
  h: Harness,
  chain = CHAIN,
): Promise<Array<Record<string, unknown>>> {
  const { Items } = await h.dynamo.client.send(
    new QueryCommand({
      TableName: h.config.audit.tableName,
      KeyConditionExpression: '#chain = :chain',
      ExpressionAttributeNames: { '#chain': 'chain' },
      ExpressionAttributeValues: { ':chain': { S: chain } },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => unmarshall(item));
}

export const mutatingEc2Calls = (h: Harness) =>
  h.sandbox.knobs.calls.filter(
    (call) => call.service === 'ec2' && /^(Authorize|Revoke)/.test(call.action),
  );
