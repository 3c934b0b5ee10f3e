import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type EventOptions,
  measureColdStart,
  restApiEvent,
} from '../../../infra/aws/cold-start.js';
import { type Bundle, bundleLambda } from '../../../infra/aws/lambda-bundle.js';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/local-cloud.js';
import { sandboxMachineToken } from '../../../infra/local/sandbox/cognito/machine-token.js';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { refusedUrl, startKeyServer } from '../../helpers/key-server.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';
import { TokenFactory } from '../../helpers/token-factory.js';

/**
 * The production artifact itself, each event in a fresh `node` process as a cold Lambda gets it:
 * the bundled AWS SDK (with its schema keys rewritten for tree-shaking) and the chunks loaded on
 * first use must work against the sandbox exactly as the source does in every other test.
 */
/** The fields of the answers this file reads. */
interface Answer {
  status?: string;
  summary?: string;
  outcome?: string;
  remediationId?: string;
  remediation?: { ticket?: string };
  message?: string;
}

let bundle: Bundle;
let cloud: LocalCloud;

before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
  mkdirSync(join(work, 'code'));
  // No node_modules anywhere near the bundle: it must carry everything it loads.
  bundle = await bundleLambda({ outDir: join(work, 'code') });
  cloud = await startLocalCloud();
});
after(async () => {
  await cloud?.close();
});

const invoke = async (
  method: string,
  path: string,
  options: EventOptions = {},
  env: Record<string, string> = {},
) => {
  const run = await measureColdStart(bundle.file, restApiEvent(method, path, options), {
    ...cloud.env,
    LOG_LEVEL: 'warn',
    ...env,
  });
  return { statusCode: run.statusCode, headers: run.headers, body: JSON.parse(run.body) as Answer };
};

describe('Lambda bundle', () => {
  it('is under 2.8 MB minified and ships the policy documents beside it', () => {
    // 1.5 MB until marked (the policy pages) and helmet (security headers) added about 50 KB;
    // 1.6 MB until the MCP door: the official MCP SDK and the zod it depends on add about 480 KB,
    // in chunks only the first /mcp request loads (next test); 2.1 MB until instance isolation
    // (the Auto Scaling and ELBv2 clients), the Organizations client (the allow-list read from the
    // organisation, ~140 KB) and the Security Hub client (remediateFinding, ~220 KB), each loaded
    // only when first used; 2.6 MB until the Step Functions client (bulk jobs, ~110 KB), loaded
    // with the first job. What a cold start loads is bounded by the next test.
    assert.ok(bundle.bytes < 2.8 * 1024 * 1024, `${bundle.bytes} bytes`);
    assert.ok(existsSync(join(bundle.dir, 'policies-docs/network-access.md')));
  });

  it('keeps the AWS SDK out of what a cold start loads; it comes with the first AWS call', () => {
    const text = (name: string) => readFileSync(join(dirname(bundle.file), name), 'utf8');
    // Every SDK client's schemas name its service's namespace (com.amazonaws.ec2, ...).
    const sdkIn = (name: string) => text(name).includes('com.amazonaws.');
    assert.ok(bundle.coldStartFiles.includes(basename(bundle.file)));
    assert.deepEqual(bundle.coldStartFiles.filter(sdkIn), []);
    assert.ok(
      readdirSync(dirname(bundle.file))
        .filter((name) => name.endsWith('.mjs'))
        .some(sdkIn),
    );
    // The MCP SDK likewise: only the first /mcp request loads it.
    const mcpIn = (name: string) => text(name).includes('notifications/initialized');
    assert.deepEqual(bundle.coldStartFiles.filter(mcpIn), []);
  });

  it('answers /mcp: a 401 that points at the metadata, then the tools a token allows', async () => {
    const refused = await invoke('POST', '/mcp', {
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    assert.equal(refused.statusCode, 401);
    assert.match(
      String(refused.headers['www-authenticate']),
      /^Bearer resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/,
    );
    const bearer = `Bearer ${await sandboxMachineToken(cloud.sandbox.url)}`;
    const listed = await invoke('POST', '/mcp', {
      headers: { authorization: bearer, accept: 'application/json, text/event-stream' },
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    assert.equal(listed.statusCode, 200, JSON.stringify(listed.body));
    const { result } = listed.body as unknown as { result: { tools: Array<{ name: string }> } };
    assert.ok(result.tools.some((tool) => tool.name === 'closeSecurityGroupPort'));
  });

  it('answers health and a policy page from a fresh process', async () => {
    const health = await invoke('GET', '/health');
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.body, { status: 'ok' });
    const page = await measureColdStart(
      bundle.file,
      restApiEvent('GET', '/policies/network-access.md'),
      { LOG_LEVEL: 'warn' },
    );
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /NET-02/);
  });

  it('inspects and closes a port through the bundled SDK, and the trail records it', async () => {
    const bearer = { authorization: `Bearer ${await sandboxMachineToken(cloud.sandbox.url)}` };
    const group = {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.webFrontend,
    };
    const inspected = await invoke('GET', '/security-groups', { headers: bearer, query: group });
    assert.equal(inspected.statusCode, 200, JSON.stringify(inspected.body));
    assert.match(inspected.body.summary ?? '', /administrative port 22/);

    // Validators compile on first use in the Lambda; a bad request must still name its field.
    const bad = await invoke('POST', '/security-groups/close-port', {
      headers: bearer,
      body: { ...group, groupId: 'not-a-group', ticket: 'SEC-900', reason: 'bundle check' },
    });
    assert.equal(bad.statusCode, 400, JSON.stringify(bad.body));
    assert.match(bad.body.message ?? '', /groupId/);

    const closed = await invoke('POST', '/security-groups/close-port', {
      headers: bearer,
      body: { ...group, port: 22, ticket: 'SEC-900', reason: 'bundle check' },
    });
    assert.equal(closed.statusCode, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.outcome, 'remediated');
    const ec2 = await memberEc2(cloud.sandbox.url, group.accountId, group.region);
    const open22 = [...(await ingressOf(ec2, group.groupId)).values()].filter((rule) =>
      /^tcp 22-22 (0\.0\.0\.0\/0|::\/0)$/.test(rule),
    );
    ec2.destroy();
    assert.deepEqual(open22, []);

    const auditor = await sandboxMachineToken(cloud.sandbox.url, 'sandbox-auditor');
    const record = await invoke('GET', `/remediations/${closed.body.remediationId}`, {
      headers: { authorization: `Bearer ${auditor}` },
    });
    assert.equal(record.statusCode, 200, JSON.stringify(record.body));
    assert.equal(record.body.remediation?.ticket, 'SEC-900');
  });

  it('serves a Bedrock action-group event from the same bundle, loading that door on demand', async () => {
    const analyst = new TokenFactory();
    const keys = await startKeyServer(analyst.jwks());
    try {
      const token = analyst.user('analyst', { groups: ['security-analysts'] });
      const event = {
        messageVersion: '1.0',
        agent: { name: 'security-assistant', id: 'AGENT12345', alias: 'TSTALIASID', version: '1' },
        sessionId: 'bundle-check',
        actionGroup: 'inspect',
        apiPath: '/security-groups',
        httpMethod: 'GET',
        parameters: Object.entries(SAMPLE_GROUP).map(([name, value]) => ({
          name,
          type: 'string',
          value,
        })),
        sessionAttributes: { accessToken: token },
        promptSessionAttributes: {},
      };
      const run = await measureColdStart(bundle.file, event, {
        ...cloud.env,
        LOG_LEVEL: 'warn',
        COGNITO_JWKS_URI: keys.url,
      });
      assert.equal(run.statusCode, 200, run.body);
      const answer = JSON.parse(run.body) as Answer;
      assert.equal(answer.outcome, 'answered');
      assert.match(answer.summary ?? '', /web-frontend \(sg-0a1b2c3d4e5f60001\)/);
    } finally {
      await keys.close();
    }
  });

  // The bundle is minified, so error classes lose their names: the reasons must survive that.
  it('names expiry when refusing an expired token', async () => {
    const tokens = new TokenFactory();
    const keys = await startKeyServer(tokens.jwks());
    try {
      const expired = tokens.machine('sandbox-jira', {
        claims: { exp: Math.floor(Date.now() / 1000) - 60 },
      });
      const answer = await invoke(
        'GET',
        '/security-groups',
        { headers: { authorization: `Bearer ${expired}` }, query: SAMPLE_GROUP },
        { COGNITO_JWKS_URI: keys.url },
      );
      assert.equal(answer.statusCode, 401, JSON.stringify(answer.body));
      assert.match(answer.body.message ?? '', /expired/);
    } finally {
      await keys.close();
    }
  });

  it('answers 503 with Retry-After when the signing keys cannot be fetched', async () => {
    const token = await sandboxMachineToken(cloud.sandbox.url);
    const answer = await invoke(
      'GET',
      '/security-groups',
      { headers: { authorization: `Bearer ${token}` }, query: SAMPLE_GROUP },
      { COGNITO_JWKS_URI: await refusedUrl() },
    );
    assert.equal(answer.statusCode, 503, JSON.stringify(answer.body));
    assert.match(answer.body.message ?? '', /sign-in keys could not be loaded/);
    assert.ok(Number(answer.headers['retry-after']) > 0, JSON.stringify(answer.headers));
  });
});

const SAMPLE_GROUP = {
  accountId: SEED.accounts.production,
  region: 'us-east-1',
  groupId: SEED.securityGroups.webFrontend,
};
