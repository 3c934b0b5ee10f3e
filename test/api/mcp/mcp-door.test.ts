import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  type CallToolResult,
  Client,
  discoverOAuthServerInfo,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { SEED } from '../../../infra/local/sandbox/seed.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { ingressOf, memberEc2 } from '../../helpers/member-account.js';

/**
 * The MCP door through the official client, against the app listening on a real port: discovery
 * from the 401, tools filtered by scope, and changes through the same write pipeline as HTTP,
 * confirmed by the planId of a dry run.
 */
let h: Harness;
let base: string;

before(async () => {
  // The metadata names the server's own URL, so the port is chosen before the config is read.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({ PUBLIC_URL: base });
  await h.app.listen({ port, host: '127.0.0.1' });
});
after(async () => h?.close());

const clients: Client[] = [];
after(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
});

async function connect(
  token: string,
  versionNegotiation: 'legacy' | 'auto' = 'auto',
): Promise<Client> {
  const client = new Client(
    { name: 'mcp-door-test', version: '1.0.0' },
    { versionNegotiation: { mode: versionNegotiation } },
  );
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** A responder signed in through the chat client: read and write scopes. */
const responder = () => h.tokens.user('analyst', { groups: ['security-responders'] });

interface ToolOutcome {
  outcome: string;
  summary: string;
  remediationId: string;
  planId?: string;
  steps: Array<{ action: string; description: string; status: string }>;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return { result, text, body: result.structuredContent as unknown as ToolOutcome };
}

const worldSsh = (rules: Map<string, string>) =>
  [...rules.values()].filter((rule) => /^tcp 22-22 (0\.0\.0\.0\/0|::\/0)$/.test(rule));

describe('the MCP door', () => {
  it('answers 401 pointing at its metadata, which names the authorization server', async () => {
    const response = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(response.status, 401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    assert.equal(metadataUrl, `${base}/.well-known/oauth-protected-resource/mcp`);

    const metadata = (await (await fetch(metadataUrl)).json()) as Record<string, unknown>;
    assert.equal(metadata.resource, `${base}/mcp`);
    assert.deepEqual(metadata.bearer_methods_supported, ['header']);
    assert.ok((metadata.scopes_supported as string[]).includes('remediation-api/write'));
    const [authority] = metadata.authorization_servers as string[];
    assert.equal(authority, h.sandbox.url);

    // RFC 8414 where MCP clients look for it: Cognito's endpoints, PKCE, and no registration.
    const server = (await (
      await fetch(`${authority}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    assert.equal(server.authorization_endpoint, `${h.sandbox.url}/oauth2/authorize`);
    assert.equal(server.token_endpoint, `${h.sandbox.url}/oauth2/token`);
    assert.deepEqual(server.code_challenge_methods_supported, ['S256']);
    assert.equal(server.registration_endpoint, undefined);

    // The official client's own discovery, from the server URL alone (it checks the issuer).
    const info = await discoverOAuthServerInfo(new URL(`${base}/mcp`));
    assert.equal(info.authorizationServerUrl, h.sandbox.url);
    assert.equal(info.authorizationServerMetadata?.token_endpoint, `${h.sandbox.url}/oauth2/token`);
  });

  it('refuses a request from a web page of another site, token or not', async () => {
    const response = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${responder()}`,
        origin: 'https://attacker.example',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(response.status, 403);
  });

  it('is closed to the official client without a token', async () => {
    const client = new Client({ name: 'mcp-door-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
    await assert.rejects(client.connect(transport), (error: unknown) => {
      assert.ok(error instanceof UnauthorizedError || /401|nauthorized/.test(String(error)));
      return true;
    });
  });

  it('lists the registry as tools, with annotations from the declarations', async () => {
    const client = await connect(responder());
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    assert.deepEqual([...byName.keys()].sort(), [
      'cancelBulkRemediation',
      'closeSecurityGroupPort',
      'deleteIamUser',
      'findExposedResources',
      'getBulkRemediation',
      'getEc2Instance',
      'getIamUser',
      // The write scope reads the caller's own records, as over HTTP.
      'getRemediation',
      'getSecurityGroup',
      'isolateEc2Instance',
      'remediateFinding',
      'revokeIamRoleSessions',
      'revokeIamUserCredentials',
      'startBulkRemediation',
      'undoBulkRemediation',
      'undoRemediation',
    ]);
    const read = byName.get('getSecurityGroup');
    assert.equal(read?.annotations?.readOnlyHint, true);
    assert.equal(read?.annotations?.destructiveHint, false);
    assert.deepEqual(read?.inputSchema.required, ['accountId', 'region', 'groupId']);
    assert.equal(byName.get('closeSecurityGroupPort')?.annotations?.destructiveHint, false);
    assert.equal(byName.get('deleteIamUser')?.annotations?.destructiveHint, true);
    assert.ok(byName.get('deleteIamUser')?.outputSchema);
  });

  it('serves the 2025 revisions (initialize) and the stateless 2026-07-28 one (server/discover)', async () => {
    const legacy = await connect(responder(), 'legacy');
    assert.equal(legacy.getNegotiatedProtocolVersion(), '2025-11-25');
    const modern = await connect(responder(), 'auto');
    assert.equal(modern.getNegotiatedProtocolVersion(), '2026-07-28');
    for (const client of [legacy, modern]) {
      const { result, text } = await call(client, 'getSecurityGroup', {
        accountId: SEED.accounts.production,
        region: 'us-east-1',
        groupId: SEED.securityGroups.alreadyFine,
      });
      assert.notEqual(result.isError, true, text);
      assert.equal((result.structuredContent as { outcome?: string }).outcome, 'answered');
    }
  });

  it('shows a read-only token only the reads, and refuses it a write', async () => {
    const client = await connect(
      h.tokens.user('reader', { groups: ['security-analysts'], scopes: ['remediation-api/read'] }),
    );
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), [
      'findExposedResources',
      'getEc2Instance',
      'getIamUser',
      'getSecurityGroup',
    ]);
    const { result, text } = await call(client, 'closeSecurityGroupPort', {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.crowded,
      dryRun: true,
    });
    assert.equal(result.isError, true);
    assert.match(text, /needs the OAuth scope "remediation-api\/write"/);
  });

  it('names every invalid argument, as HTTP does, without coercing types', async () => {
    const client = await connect(responder());
    const { result, text } = await call(client, 'getSecurityGroup', {
      accountId: 222222222222,
      region: 'us-east-1',
      groupId: 'not-a-group',
    });
    assert.equal(result.isError, true);
    assert.match(text, /accountId/);
    assert.match(text, /groupId/);
  });

  it('plans, then closes the port with the planId; the trail links both and HTTP shows it', async () => {
    const client = await connect(responder());
    const group = {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.webFrontend,
      port: 22,
    };
    const ec2 = await memberEc2(h.sandbox.url, group.accountId, group.region);
    const plan = await call(client, 'closeSecurityGroupPort', { ...group, dryRun: true });
    assert.equal(plan.body.outcome, 'planned', plan.text);
    assert.equal(plan.text, plan.body.summary);
    assert.match(plan.body.planId ?? '', /^plan-[0-9a-f]{64}$/);
    assert.equal(
      worldSsh(await ingressOf(ec2, group.groupId)).length,
      2,
      'a dry run changes nothing',
    );

    const run = await call(client, 'closeSecurityGroupPort', {
      ...group,
      reason: 'SSH open to the world',
      planId: plan.body.planId,
    });
    assert.equal(run.body.outcome, 'remediated', run.text);
    assert.notEqual(run.result.isError, true);
    assert.deepEqual(worldSsh(await ingressOf(ec2, group.groupId)), []);
    ec2.destroy();

    const auditor = h.tokens.machine('sandbox-auditor', { scopes: ['remediation-api/audit'] });
    const response = await h.call(auditor, {
      method: 'GET',
      url: `/remediations/${run.body.remediationId}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    const { remediation } = response.json() as {
      remediation: { outcome: string; plan?: { planId: string; offeredBy: string } };
    };
    assert.equal(remediation.outcome, 'remediated');
    assert.deepEqual(remediation.plan, {
      planId: plan.body.planId,
      offeredBy: plan.body.remediationId,
    });
  });

  it('refuses a real run without a planId, and one with a planId never offered', async () => {
    const client = await connect(responder());
    const group = {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.crowded,
      port: 22,
      reason: 'SSH open to the world',
    };
    const ec2 = await memberEc2(h.sandbox.url, group.accountId, group.region);
    const before = await ingressOf(ec2, group.groupId);
    const bare = await call(client, 'closeSecurityGroupPort', group);
    assert.equal(bare.body.outcome, 'refused');
    assert.equal(bare.result.isError, true);
    assert.match(bare.text, /dryRun set to true/);
    const forged = await call(client, 'closeSecurityGroupPort', {
      ...group,
      planId: `plan-${'0'.repeat(64)}`,
    });
    assert.equal(forged.body.outcome, 'refused');
    assert.match(forged.text, /does not match a dry run/);
    // Someone else's plan is not this requester's confirmation.
    const other = await connect(h.tokens.user('someone-else', { groups: ['security-responders'] }));
    const theirs = await call(other, 'closeSecurityGroupPort', { ...group, dryRun: true });
    assert.equal(theirs.body.outcome, 'planned');
    const borrowed = await call(client, 'closeSecurityGroupPort', {
      ...group,
      planId: theirs.body.planId,
    });
    assert.equal(borrowed.body.outcome, 'refused');
    assert.deepEqual(await ingressOf(ec2, group.groupId), before);
    ec2.destroy();
  });

  it('refuses the run when AWS changed after the plan, offering the new plan, which then runs', async () => {
    const client = await connect(responder());
    const group = {
      accountId: SEED.accounts.data,
      region: 'us-east-1',
      groupId: SEED.securityGroups.dataPipeline,
      port: 22,
    };
    const ec2 = await memberEc2(h.sandbox.url, group.accountId, group.region);
    const plan = await call(client, 'closeSecurityGroupPort', { ...group, dryRun: true });
    assert.equal(plan.body.outcome, 'planned', plan.text);

    // Drift: someone opens 20-30 to the world between the plan and the run.
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group.groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 20, ToPort: 30, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      }),
    );
    const drifted = await ingressOf(ec2, group.groupId);
    const run = await call(client, 'closeSecurityGroupPort', {
      ...group,
      reason: 'SSH open to the world',
      planId: plan.body.planId,
    });
    assert.equal(run.body.outcome, 'refused', run.text);
    assert.match(run.text, /AWS changed since the plan/);
    assert.notEqual(run.body.planId, plan.body.planId);
    assert.ok(run.body.steps.length > plan.body.steps.length, 'the new plan also splits 20-30');
    assert.deepEqual(await ingressOf(ec2, group.groupId), drifted, 'nothing ran');

    const rerun = await call(client, 'closeSecurityGroupPort', {
      ...group,
      reason: 'SSH open to the world',
      planId: run.body.planId,
    });
    assert.equal(rerun.body.outcome, 'remediated', rerun.text);
    assert.deepEqual(
      [...(await ingressOf(ec2, group.groupId)).values()].filter(
        (rule) =>
          /^tcp (\d+)-(\d+) (0\.0\.0\.0\/0|::\/0)$/.test(rule) &&
          Number(rule.split(/[ -]/)[1]) <= 22 &&
          Number(rule.split(/[ -]/)[2]) >= 22,
      ),
      [],
    );
    ec2.destroy();
  });

  it('gives an auditor the audit trail as tools: list, one record, verify', async () => {
    const writer = await connect(responder());
    const plan = await call(writer, 'closeSecurityGroupPort', {
      accountId: SEED.accounts.production,
      region: 'us-east-1',
      groupId: SEED.securityGroups.opsRange,
      port: 22,
      dryRun: true,
      ticket: 'SEC-140',
    });
    const auditor = await connect(
      h.tokens.machine('sandbox-auditor', { scopes: ['remediation-api/audit'] }),
    );
    const { tools } = await auditor.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), [
      'getRemediation',
      'listRemediations',
      'verifyAuditTrail',
    ]);
    assert.equal(tools.find((t) => t.name === 'listRemediations')?.annotations?.readOnlyHint, true);
    const listed = await call(auditor, 'listRemediations', {
      ticket: 'SEC-140',
      includeDryRuns: true,
    });
    const { remediations } = listed.result.structuredContent as {
      remediations: Array<{ remediationId: string }>;
    };
    assert.deepEqual(
      remediations.map((r) => r.remediationId),
      [plan.body.remediationId],
      listed.text,
    );
    const record = await call(auditor, 'getRemediation', {
      remediationId: plan.body.remediationId,
    });
    assert.match(record.text, /closeSecurityGroupPort/);
    const verified = await call(auditor, 'verifyAuditTrail', {});
    assert.equal((verified.result.structuredContent as { intact?: boolean }).intact, true);
    // A reader without the audit scope sees none of them.
    const reader = await connect(h.tokens.user('reader', { scopes: ['remediation-api/read'] }));
    const refused = await call(reader, 'verifyAuditTrail', {});
    assert.equal(refused.result.isError, true);
    assert.match(refused.text, /remediation-api\/audit/);
  });

  it('serves a client-credentials machine client', async () => {
    const client = await connect(h.tokens.machine('sandbox-jira'));
    const group = {
      accountId: SEED.accounts.production,
      region: 'eu-west-1',
      groupId: SEED.securityGroups.euApp,
      port: 22,
    };
    const read = await call(client, 'getSecurityGroup', {
      accountId: group.accountId,
      region: group.region,
      groupId: group.groupId,
    });
    assert.equal((read.body as unknown as { outcome: string }).outcome, 'answered', read.text);
    const plan = await call(client, 'closeSecurityGroupPort', { ...group, dryRun: true });
    const run = await call(client, 'closeSecurityGroupPort', {
      ...group,
      ticket: 'SEC-120',
      reason: 'Jira automation: SSH open to the world',
      planId: plan.body.planId,
    });
    assert.equal(run.body.outcome, 'remediated', run.text);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
