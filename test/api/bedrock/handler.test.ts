import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTokenVerifier } from '../../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../../api/aws/clients.js';
import type { BedrockActionGroupResponse } from '../../../api/bedrock/event.js';
import { type BedrockHandler, createBedrockHandler } from '../../../api/bedrock/handler.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';
import { TokenFactory } from '../../helpers/token-factory.js';
import { actionGroupEvent } from './events.js';

const ACCOUNT = '222222222222';
const REGION = 'us-east-1';
const WEB = 'sg-0a1b2c3d4e5f60001';
const ALL_OPEN = 'sg-0a1b2c3d4e5f60002';
const CLOSE_PORT = '/security-groups/close-port';
const OPEN_22 = /^tcp 22-22 (0\.0\.0\.0\/0|::\/0)$/;

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers freely
type Body = Record<string, any>;

describe('the Bedrock action-group door', () => {
  let h: Harness;
  let handle: BedrockHandler;
  let tokens: Record<'analyst' | 'responder' | 'outsider' | 'reader' | 'auditor', string>;

  const build = (options: { maxBodyBytes?: number } = {}) =>
    createBedrockHandler({
      config: h.config,
      verifier: createTokenVerifier(h.config, { jwks: h.tokens.jwks() }),
      aws: new AwsClientFactory(h.config),
      audit: h.audit,
      ...options,
    });

  before(async () => {
    h = await startHarness();
    handle = build();
    tokens = {
      analyst: h.tokens.user('analyst', { groups: ['security-analysts'] }),
      responder: h.tokens.user('responder', { groups: ['security-responders'] }),
      outsider: h.tokens.user('outsider', { groups: ['developers'] }),
      reader: h.tokens.user('reader', { scopes: ['remediation-api/read'] }),
      auditor: h.tokens.user('auditor', {
        groups: ['security-auditors'],
        scopes: ['remediation-api/audit'],
      }),
    };
  });
  after(() => h.close());

  const bodyOf = (response: BedrockActionGroupResponse): Body =>
    JSON.parse(response.response.responseBody['application/json'].body);
  const closePort = (
    accessToken: string | undefined,
    body: Record<string, string | number | boolean> = {},
    confirmationState?: 'CONFIRM' | 'DENY',
  ) =>
    actionGroupEvent({
      apiPath: CLOSE_PORT,
      httpMethod: 'POST',
      ...(accessToken !== undefined ? { accessToken } : {}),
      ...(confirmationState ? { confirmationState } : {}),
      body: {
        accountId: ACCOUNT,
        region: REGION,
        groupId: WEB,
        port: 22,
        ticket: 'SEC-701',
        reason: 'SSH open to the world',
        ...body,
      },
    });
  const open22 = async (groupId = WEB) => {
    const ec2 = await memberEc2(h.sandbox.url, ACCOUNT, REGION);
    try {
      return [...(await ingressOf(ec2, groupId)).values()].filter((rule) => OPEN_22.test(rule));
    } finally {
      ec2.destroy();
    }
  };
  const trailOf = async (remediationId: string) => {
    const response = await h.call(tokens.auditor, { url: `/remediations/${remediationId}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().remediation as Body;
  };

  it("inspects a security group and answers in Bedrock's shape, summary first", async () => {
    const event = actionGroupEvent({
      apiPath: '/security-groups',
      httpMethod: 'GET',
      accessToken: tokens.reader,
      parameters: { accountId: ACCOUNT, region: REGION, groupId: WEB },
    });
    const response = await handle(event);
    assert.equal(response.messageVersion, '1.0');
    assert.deepEqual(
      { ...response.response, responseBody: undefined },
      {
        actionGroup: 'inspect',
        apiPath: '/security-groups',
        httpMethod: 'GET',
        httpStatusCode: 200,
        responseBody: undefined,
      },
    );
    assert.deepEqual(response.sessionAttributes, event.sessionAttributes);
    assert.deepEqual(response.promptSessionAttributes, { currentTicket: 'SEC-101' });
    const text = response.response.responseBody['application/json'].body;
    assert.match(text, /^\{"summary":/);
    const body = bodyOf(response);
    assert.equal(body.outcome, 'answered');
    assert.match(body.summary, /administrative port 22/);
  });

  it('plans a close (dryRun given as the text "true") and changes nothing', async () => {
    const before = await open22();
    assert.ok(before.length > 0);
    const response = await handle(
      closePort(tokens.analyst, { dryRun: 'true', reason: 'preview' }, 'CONFIRM'),
    );
    const body = bodyOf(response);
    assert.equal(response.response.httpStatusCode, 200, JSON.stringify(body));
    assert.equal(body.outcome, 'planned', body.summary);
    assert.equal(body.dryRun, true);
    assert.ok(body.steps.length > 0);
    assert.deepEqual(await open22(), before);
  });

  it('closes port 22 as the analyst whose token is in the session, and the trail names her', async () => {
    const response = await handle(closePort(tokens.analyst, {}, 'CONFIRM'));
    const body = bodyOf(response);
    assert.equal(response.response.httpStatusCode, 200, JSON.stringify(body));
    assert.equal(body.outcome, 'remediated', body.summary);
    assert.deepEqual(Object.keys(body).slice(0, 3), ['summary', 'outcome', 'remediationId']);
    assert.deepEqual(body.requestedBy, {
      kind: 'user',
      name: 'analyst',
      clientId: 'sandbox-qbusiness',
    });
    assert.deepEqual(await open22(), []);
    const trail = await trailOf(body.remediationId);
    assert.equal(trail.requestedBy.name, 'analyst');
    assert.equal(trail.requestedBy.kind, 'user');
    assert.equal(trail.ticket, 'SEC-701');
    assert.equal(trail.outcome, 'remediated');
  });

  it('refuses a person outside the responder and analyst groups, and records the attempt', async () => {
    const before = await open22(ALL_OPEN);
    const response = await handle(closePort(tokens.outsider, { groupId: ALL_OPEN }, 'CONFIRM'));
    const body = bodyOf(response);
    assert.equal(body.outcome, 'refused', body.summary);
    assert.match(body.summary, /outsider, who is in developers, may not/);
    assert.deepEqual(await open22(ALL_OPEN), before);
    const trail = await trailOf(body.remediationId);
    assert.equal(trail.requestedBy.name, 'outsider');
    assert.equal(trail.outcome, 'refused');
  });

  it('runs nothing when the person denies the confirmation, and records that', async () => {
    const before = await open22(ALL_OPEN);
    const response = await handle(
      closePort(tokens.responder, { groupId: ALL_OPEN, ticket: 'SEC-702' }, 'DENY'),
    );
    const body = bodyOf(response);
    assert.equal(response.response.httpStatusCode, 200);
    assert.equal(body.outcome, 'refused');
    assert.match(body.summary, /You declined .*nothing was changed/);
    assert.deepEqual(await open22(ALL_OPEN), before);
    const trail = await trailOf(body.remediationId);
    assert.equal(trail.requestedBy.name, 'responder');
    assert.equal(trail.outcome, 'refused');
    assert.equal(trail.ticket, 'SEC-702');
  });

  it('refuses without a token in the session attributes, and runs nothing', async () => {
    const before = await open22(ALL_OPEN);
    const response = await handle(closePort(undefined, { groupId: ALL_OPEN }, 'CONFIRM'));
    assert.equal(response.response.httpStatusCode, 401);
    assert.match(bodyOf(response).summary, /session attribute accessToken/);
    assert.deepEqual(await open22(ALL_OPEN), before);
  });

  it('refuses a forged or expired token, and runs nothing', async () => {
    const before = await open22(ALL_OPEN);
    const forger = new TokenFactory();
    const forged = forger.user('responder', { groups: ['security-responders'] });
    const expired = h.tokens.user('responder', {
      groups: ['security-responders'],
      claims: { exp: Math.floor(Date.now() / 1000) - 60 },
    });
    const refusedForged = await handle(closePort(forged, { groupId: ALL_OPEN }, 'CONFIRM'));
    assert.equal(refusedForged.response.httpStatusCode, 401);
    assert.match(bodyOf(refusedForged).summary, /unknown key|signature/);
    const refusedExpired = await handle(closePort(expired, { groupId: ALL_OPEN }, 'CONFIRM'));
    assert.equal(refusedExpired.response.httpStatusCode, 401);
    assert.match(bodyOf(refusedExpired).summary, /expired/);
    assert.deepEqual(await open22(ALL_OPEN), before);
  });

  it('refuses a machine token unless it is the configured agent service identity', async () => {
    const machine = h.tokens.machine('sandbox-jira');
    const preview = { groupId: ALL_OPEN, dryRun: true };
    const refused = await handle(closePort(machine, preview, 'CONFIRM'));
    assert.equal(refused.response.httpStatusCode, 401);
    assert.match(bodyOf(refused).summary, /acts for a signed-in person/);
    const asService = createBedrockHandler({
      config: { ...h.config, bedrock: { serviceClientId: 'sandbox-jira' } },
      verifier: createTokenVerifier(h.config, { jwks: h.tokens.jwks() }),
      aws: new AwsClientFactory(h.config),
      audit: h.audit,
    });
    const allowed = bodyOf(await asService(closePort(machine, preview, 'CONFIRM')));
    assert.equal(allowed.outcome, 'planned', allowed.summary);
    assert.deepEqual(allowed.requestedBy, {
      kind: 'machine',
      name: 'sandbox-jira',
      clientId: 'sandbox-jira',
    });
    assert.equal((await trailOf(allowed.remediationId)).requestedBy.kind, 'machine');
  });

  it('answers 403 to a person without the write scope, after recording the attempt', async () => {
    const response = await handle(closePort(tokens.reader, { groupId: ALL_OPEN }, 'CONFIRM'));
    assert.equal(response.response.httpStatusCode, 403);
    assert.match(bodyOf(response).summary, /remediation-api\/write/);
    const listed = await h.call(tokens.auditor, {
      url: '/remediations?requester=reader&ticket=SEC-701',
    });
    assert.equal(listed.statusCode, 200, listed.body);
    const [attempt] = listed.json().remediations as Body[];
    assert.equal(attempt?.outcome, 'refused', listed.body);
  });

  it('refuses input that is not what the schema declares, in words, without coercing', async () => {
    for (const port of ['0x16', 'twenty-two', '']) {
      const response = await handle(closePort(tokens.responder, { port, dryRun: true }));
      assert.equal(response.response.httpStatusCode, 400, port);
      assert.match(bodyOf(response).summary, /port must/, port);
    }
    const unknown = await handle(closePort(tokens.responder, { dryRun: true, colour: 'red' }));
    assert.equal(unknown.response.httpStatusCode, 400);
    assert.match(bodyOf(unknown).summary, /unknown field "colour"/);
    const noReason = await handle(
      actionGroupEvent({
        apiPath: CLOSE_PORT,
        httpMethod: 'POST',
        accessToken: tokens.responder,
        body: { accountId: ACCOUNT, region: REGION, groupId: ALL_OPEN },
      }),
    );
    assert.equal(noReason.response.httpStatusCode, 400);
    assert.match(bodyOf(noReason).summary, /Give a reason/);
  });

  it('answers 404 for an operation the registry does not have', async () => {
    const response = await handle(
      actionGroupEvent({
        apiPath: '/nothing-here',
        httpMethod: 'POST',
        accessToken: tokens.analyst,
      }),
    );
    assert.equal(response.response.httpStatusCode, 404);
  });

  it('trims details and step descriptions to fit, never the outcome, summary or remediation id', async () => {
    const small = build({ maxBodyBytes: 1500 });
    const response = await small(
      closePort(tokens.responder, { groupId: ALL_OPEN, dryRun: true, reason: 'preview' }),
    );
    const text = response.response.responseBody['application/json'].body;
    assert.ok(Buffer.byteLength(text) <= 1500, `${Buffer.byteLength(text)} bytes`);
    const body = JSON.parse(text) as Body;
    assert.equal(body.outcome, 'planned');
    assert.ok(body.summary.length > 0);
    assert.match(body.remediationId, /^[0-9a-f-]{36}$/);
    assert.equal(body.details, undefined);
    assert.match(body.trimmed, /the details/);
    assert.match(body.trimmed, new RegExp(`GET /remediations/${body.remediationId}`));
    const full = bodyOf(
      await handle(
        closePort(tokens.responder, { groupId: ALL_OPEN, dryRun: true, reason: 'preview' }),
      ),
    );
    assert.equal(body.summary, full.summary);
    assert.ok(full.details);
  });
});
