import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { CallRecord, Fault } from '../../../../infra/local/sandbox/knobs.js';
import {
  ec2Client,
  failure,
  memberCredentials,
  memberEc2,
  type Sandbox,
  SEED,
  startSandbox,
  stsClient,
} from './fixture.js';

const { securityGroups: sg, rules } = SEED;

/** Whatever a /_sandbox/ endpoint answers. */
interface KnobAnswer {
  calls?: CallRecord[];
  fault?: Fault;
  faults?: Fault[];
  cleared?: number;
  ms?: number;
  reset?: boolean;
  error?: string;
}

describe('sandbox knobs', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  async function knob(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: KnobAnswer }> {
    const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as KnobAnswer };
  }

  const revokeSsh = () =>
    new RevokeSecurityGroupIngressCommand({
      GroupId: sg.webFrontend,
      SecurityGroupRuleIds: [rules.webSshWorldV4],
    });

  it('logs every AWS call with its account, region, key params and outcome', async () => {
    assert.deepEqual((await knob('GET', 'calls')).json.calls, [], 'no AWS call made yet');
    const ec2 = await memberEc2(sandbox);
    await ec2.send(revokeSsh());
    await failure(ec2.send(revokeSsh()));
    const { json } = await knob('GET', 'calls?service=ec2');
    const calls = json.calls ?? [];
    assert.deepEqual(
      calls.map((call) => [call.action, call.accountId, call.region, call.outcome, call.status]),
      [
        ['RevokeSecurityGroupIngress', '222222222222', 'us-east-1', 'ok', 200],
        [
          'RevokeSecurityGroupIngress',
          '222222222222',
          'us-east-1',
          'InvalidSecurityGroupRuleId.NotFound',
          400,
        ],
      ],
    );
    assert.equal(calls[0]?.params.GroupId, sg.webFrontend);
    assert.equal(calls[0]?.params['SecurityGroupRuleId.1'], rules.webSshWorldV4);
    assert.equal(
      calls[0]?.principalArn,
      'arn:aws:sts::222222222222:assumed-role/SecurityRemediationRole/test-session',
    );
    const sts = sandbox.knobs.callsMatching({ service: 'sts' });
    assert.deepEqual(
      sts.map((call) => [call.action, call.accountId]),
      [['AssumeRole', '111111111111']],
    );
  });

  it('throttles EC2 with RequestLimitExceeded (503), which the SDK retries', async () => {
    const ec2 = await memberEc2(sandbox);
    sandbox.knobs.addFault({
      service: 'ec2',
      action: 'RevokeSecurityGroupIngress',
      code: 'RequestLimitExceeded',
      times: 1,
    });
    const result = await ec2.send(revokeSsh());
    assert.equal(result.Return, true);
    assert.equal(result.$metadata.attempts, 2);
    const outcomes = sandbox.knobs.callsMatching({ action: 'RevokeSecurityGroupIngress' });
    assert.deepEqual(
      outcomes.map((call) => [call.outcome, call.status, call.injected]),
      [
        ['RequestLimitExceeded', 503, true],
        ['ok', 200, false],
      ],
    );
  });

  it('surfaces a persistent fault as the SDK error once retries run out', async () => {
    const ec2 = await memberEc2(sandbox, SEED.accounts.production, { maxAttempts: 2 });
    sandbox.knobs.addFault({ service: 'ec2', code: 'RequestLimitExceeded' });
    const error = await failure(ec2.send(revokeSsh()));
    assert.equal(error.name, 'RequestLimitExceeded');
    assert.equal(error.message, 'Request limit exceeded.');
    assert.equal(error.$metadata.httpStatusCode, 503);
    assert.equal(error.$metadata.attempts, 2);
  });

  it('does not retry a non-throttling fault', async () => {
    const ec2 = await memberEc2(sandbox);
    sandbox.knobs.addFault({
      service: 'ec2',
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      status: 403,
    });
    const error = await failure(ec2.send(revokeSsh()));
    assert.equal(error.name, 'UnauthorizedOperation');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.$metadata.attempts, 1);
  });

  it('throttles STS with Throttling "Rate exceeded" (400), retried as well', async () => {
    const { status, json } = await knob('POST', 'faults', {
      service: 'sts',
      action: 'GetCallerIdentity',
      code: 'Throttling',
      times: 1,
    });
    assert.equal(status, 201);
    assert.equal(json.fault?.status, 400);
    const identity = await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.$metadata.attempts, 2);
    const [first] = sandbox.knobs.callsMatching({ action: 'GetCallerIdentity' });
    assert.equal(first?.outcome, 'Throttling');
  });

  it('lets `after` calls through before failing, over HTTP, until the faults are deleted', async () => {
    const credentials = await memberCredentials(sandbox);
    const ec2 = ec2Client(sandbox, { credentials, maxAttempts: 1 });
    const describe = () =>
      ec2.send(
        new DescribeSecurityGroupRulesCommand({
          Filters: [{ Name: 'group-id', Values: [sg.webFrontend] }],
        }),
      );
    await knob('POST', 'faults', {
      service: 'ec2',
      action: 'DescribeSecurityGroupRules',
      code: 'InternalError',
      after: 1,
      times: 1,
    });
    await describe();
    const error = await failure(describe());
    assert.equal(error.name, 'InternalError');
    assert.equal(error.$metadata.httpStatusCode, 500);
    await describe();
    await knob('POST', 'faults', { service: 'ec2', code: 'RequestLimitExceeded' });
    assert.equal((await knob('GET', 'faults')).json.faults?.length, 2);
    assert.deepEqual((await knob('DELETE', 'faults')).json, { cleared: 2 });
    await describe();
  });

  it('rejects a fault without a code', async () => {
    const { status, json } = await knob('POST', 'faults', { service: 'ec2' });
    assert.equal(status, 400);
    assert.match(json.error ?? '', /code/);
  });

  it('adds latency before every AWS call', async () => {
    await knob('POST', 'latency', { ms: 120 });
    const started = Date.now();
    await stsClient(sandbox).send(new GetCallerIdentityCommand({}));
    assert.ok(Date.now() - started >= 110);
    assert.equal((await knob('GET', 'latency')).json.ms, 120);
  });

  it('sets the default page size per action', async () => {
    const ec2 = await memberEc2(sandbox);
    await knob('POST', 'page-size', { action: 'DescribeSecurityGroupRules', size: null });
    const all = await ec2.send(new DescribeSecurityGroupRulesCommand({}));
    assert.equal(all.NextToken, undefined);
    assert.equal(all.SecurityGroupRules?.length, 29, 'every rule of the six groups in us-east-1');
  });

  it('resets the world and every knob over HTTP', async () => {
    const ec2 = await memberEc2(sandbox);
    await ec2.send(revokeSsh());
    sandbox.knobs.setLatency(5);
    sandbox.knobs.addFault({ code: 'Throttling' });
    assert.deepEqual((await knob('POST', 'reset')).json, { reset: true });
    assert.equal(sandbox.knobs.latencyMs, 0);
    assert.deepEqual(sandbox.knobs.faults, []);
    assert.deepEqual(sandbox.knobs.calls, []);
    const rule = await ec2.send(
      new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: [rules.webSshWorldV4] }),
    );
    assert.equal(rule.SecurityGroupRules?.length, 1, 'the revoked rule is back');
  });

  it('shows the EC2 state of an account and region', async () => {
    const response = await fetch(
      `${sandbox.url}/_sandbox/state/ec2?accountId=222222222222&region=eu-west-1`,
    );
    const state = (await response.json()) as { securityGroups: Record<string, unknown> };
    assert.deepEqual(Object.keys(state.securityGroups), [sg.euApp]);
  });
});
