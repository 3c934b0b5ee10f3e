import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { failure, memberEc2, type Sandbox, SEED, startSandbox } from './fixture.js';

const { securityGroups: sg } = SEED;
const filtered = () =>
  new DescribeSecurityGroupRulesCommand({
    Filters: [{ Name: 'group-id', Values: [sg.webFrontend] }],
  });

describe('EC2 request token buckets (the rate-limit knob)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('is off by default', async () => {
    const ec2 = await memberEc2(sandbox, SEED.accounts.production, { maxAttempts: 1 });
    await Promise.all(Array.from({ length: 120 }, () => ec2.send(filtered())));
    ec2.destroy();
  });

  it('refuses with RequestLimitExceeded (HTTP 503) once a bucket is spent, per account and Region', async () => {
    sandbox.knobs.setRateLimits(true);
    const ec2 = await memberEc2(sandbox, SEED.accounts.production, { maxAttempts: 1 });
    // The non-mutating bucket holds 100; it refills at 20 a second, so a burst of 130 overflows it.
    const results = await Promise.allSettled(
      Array.from({ length: 130 }, () => ec2.send(filtered())),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    // A burst takes a moment, in which a few tokens come back.
    assert.ok(refused.length >= 10 && refused.length <= 30, `${refused.length} refused`);
    const error = await failure(ec2.send(filtered()));
    assert.equal(error.name, 'RequestLimitExceeded');
    assert.equal(error.$metadata.httpStatusCode, 503);
    // Unfiltered describes draw on their own bucket (50), not the spent one.
    await ec2.send(new DescribeSecurityGroupsCommand({}));
    // Another Region has buckets of its own.
    const elsewhere = await memberEc2(sandbox, SEED.accounts.production, {
      maxAttempts: 1,
      region: 'eu-west-1',
    });
    await elsewhere.send(filtered());
    // The bucket refills: 20 tokens a second.
    await new Promise((resolve) => setTimeout(resolve, 120));
    await ec2.send(filtered());
    assert.ok((sandbox.knobs.ec2RateLimits?.counts.nonMutating.throttled ?? 0) >= refused.length);
    ec2.destroy();
    elsewhere.destroy();
  });

  it('is turned on over HTTP, and a reset turns it off', async () => {
    const on = await fetch(`${sandbox.url}/_sandbox/rate-limits`, {
      method: 'POST',
      body: JSON.stringify({ enabled: true, startEmpty: true }),
    });
    assert.equal(((await on.json()) as { enabled: boolean }).enabled, true);
    const ec2 = await memberEc2(sandbox, SEED.accounts.production, { maxAttempts: 1 });
    assert.equal((await failure(ec2.send(filtered()))).name, 'RequestLimitExceeded');
    sandbox.reset();
    await ec2.send(filtered());
    const off = await fetch(`${sandbox.url}/_sandbox/rate-limits`);
    assert.equal(((await off.json()) as { enabled: boolean }).enabled, false);
    ec2.destroy();
  });

  it("refills at a share of AWS's rates when scaled, and refuses a scale that is no share", async () => {
    const post = (body: object) =>
      fetch(`${sandbox.url}/_sandbox/rate-limits`, { method: 'POST', body: JSON.stringify(body) });
    for (const scale of [0, -1, 2, 'half']) {
      const refused = await post({ enabled: true, scale });
      assert.equal(refused.status, 400, `scale ${scale}`);
    }
    const on = await post({ enabled: true, startEmpty: true, scale: 0.05 });
    assert.equal(((await on.json()) as { scale: number }).scale, 0.05);
    const ec2 = await memberEc2(sandbox, SEED.accounts.production, { maxAttempts: 1 });
    // At AWS's rate (20 a second) 300 ms brings back 6 tokens; scaled by 0.05, none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await failure(ec2.send(filtered()))).name, 'RequestLimitExceeded');
    // One token comes back each second (20 × 0.05).
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await ec2.send(filtered());
    assert.equal((await failure(ec2.send(filtered()))).name, 'RequestLimitExceeded');
    ec2.destroy();
  });
});
