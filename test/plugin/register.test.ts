import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetPluginCommand, type Plugin, paginateListPlugins } from '@aws-sdk/client-qbusiness';
import { type Sandbox, startSandbox } from '../../infra/local/sandbox/server.js';
import { generateDocument } from '../../openapi/document.js';
import { grownDocument } from '../helpers/grown-document.js';
import { qbusiness, runTool, SANDBOX } from './tool.js';

const NAME = 'security-remediation';

describe('npm run plugin -- register', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  async function pluginsNamed(name: string): Promise<Plugin[]> {
    const found: Plugin[] = [];
    const client = qbusiness(sandbox);
    for await (const page of paginateListPlugins(
      { client },
      { applicationId: SANDBOX.applicationId },
    )) {
      found.push(...(page.plugins ?? []).filter((plugin) => plugin.displayName === name));
    }
    return found;
  }

  async function registered() {
    const [plugin] = await pluginsNamed(NAME);
    assert.ok(plugin?.pluginId, 'the plugin exists');
    return qbusiness(sandbox).send(
      new GetPluginCommand({ applicationId: SANDBOX.applicationId, pluginId: plugin.pluginId }),
    );
  }

  it('creates a CUSTOM plugin with the document inline, servers set to the API, and OAuth, and waits for READY', async () => {
    const run = await runTool(sandbox, ['register'], {
      env: {
        PUBLIC_URL: 'https://remediation.example.org',
        COGNITO_DOMAIN_URL: 'https://auth.example.org',
      },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /is READY and ENABLED; it calls https:\/\/remediation\.example\.org/);
    const plugin = await registered();
    assert.equal(plugin.type, 'CUSTOM');
    assert.equal(plugin.buildStatus, 'READY');
    const oauth = plugin.authConfiguration as unknown as {
      oAuth2ClientCredentialConfiguration: Record<string, string>;
    };
    assert.deepEqual(oauth.oAuth2ClientCredentialConfiguration, {
      secretArn:
        'arn:aws:secretsmanager:us-east-1:111111111111:secret:security-remediation-plugin-oauth-Sandbx',
      roleArn: 'arn:aws:iam::111111111111:role/QBusinessRemediationPluginRole',
      authorizationUrl: 'https://auth.example.org/oauth2/authorize',
      tokenUrl: 'https://auth.example.org/oauth2/token',
    });
    const schema = plugin.customPluginConfiguration?.apiSchema;
    assert.ok(schema && 'payload' in schema && schema.payload);
    const document = JSON.parse(schema.payload as string);
    assert.deepEqual(document.servers, [{ url: 'https://remediation.example.org' }]);
    assert.equal(
      document.components.securitySchemes.oauth2.flows.authorizationCode.tokenUrl,
      'https://auth.example.org/oauth2/token',
    );
    assert.ok(document.paths['/security-groups/close-port'].post, 'the operations are there');
  });

  it('updates the plugin it finds by name, paging past other plugins, instead of adding a second one', async () => {
    sandbox.knobs.setPageSize('ListPlugins', 1);
    assert.equal((await runTool(sandbox, ['register'])).code, 0);
    const first = await registered();
    const again = await runTool(sandbox, ['register'], {
      env: { PUBLIC_URL: 'https://moved.example.org' },
    });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`Updating plugin ${first.pluginId}`));
    assert.equal((await pluginsNamed(NAME)).length, 1);
    const updated = await registered();
    const schema = updated.customPluginConfiguration?.apiSchema as { payload: string } | undefined;
    const payload = schema?.payload ?? '';
    assert.deepEqual(JSON.parse(payload).servers, [{ url: 'https://moved.example.org' }]);
    assert.ok(
      sandbox.knobs.callsMatching({ action: 'ListPlugins' }).some((call) => call.params.nextToken),
      'it followed nextToken',
    );
  });

  it('prints why the build failed when the document breaks a plugin rule', async () => {
    const document = await generateDocument({});
    const paths = document.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    const post = paths['/security-groups/close-port']?.post as Record<string, unknown>;
    post.requestBody = {
      content: {
        'application/json': {
          schema: { anyOf: [{ type: 'object' }, { type: 'string' }] },
        },
      },
    };
    const run = await runTool(sandbox, ['register'], { document });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /could not build plugin "security-remediation" \([^)]+\): CREATE_FAILED/,
    );
    assert.match(run.stderr, /uses "anyOf", which the assistants reject/);
    assert.match(run.stderr, /npm run openapi:check/);
    assert.equal((await registered()).buildStatus, 'CREATE_FAILED');
  });

  it('changes nothing when CreatePlugin fails, and a rerun registers the plugin', async () => {
    sandbox.knobs.addFault({
      service: 'qbusiness',
      action: 'CreatePlugin',
      code: 'AccessDeniedException',
      status: 403,
      times: 1,
    });
    const denied = await runTool(sandbox, ['register']);
    assert.equal(denied.code, 1);
    assert.match(
      denied.stderr,
      /CreatePlugin was denied: .* Give the caller qbusiness:CreatePlugin and iam:PassRole on PLUGIN_ROLE_ARN/,
    );
    assert.equal((await pluginsNamed(NAME)).length, 0);
    assert.equal((await runTool(sandbox, ['register'])).code, 0);
    assert.equal((await pluginsNamed(NAME)).length, 1);
  });

  it('when the build cannot be read after creating, a rerun finds and updates that plugin', async () => {
    sandbox.knobs.addFault({
      service: 'qbusiness',
      action: 'GetPlugin',
      code: 'InternalServerException',
      status: 500,
      times: 3,
    });
    const broken = await runTool(sandbox, ['register']);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /GetPlugin failed \(InternalServerException.*Run the same command again/,
    );
    assert.equal((await pluginsNamed(NAME)).length, 1, 'the plugin was created before the failure');
    const rerun = await runTool(sandbox, ['register']);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /Updating plugin/);
    assert.equal((await pluginsNamed(NAME)).length, 1);
    assert.equal((await registered()).buildStatus, 'READY');
  });

  it('--dry-run prints the CreatePlugin and UpdatePlugin requests and the payload, and sends nothing', async () => {
    const run = await runTool(sandbox, ['register', '--dry-run'], {
      env: { PUBLIC_URL: 'https://remediation.example.org' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sandbox.knobs.calls, []);
    const create = /CreatePlugin (\{[\s\S]*?\n\})/.exec(run.stdout)?.[1];
    assert.ok(create, run.stdout);
    const request = JSON.parse(create);
    assert.equal(request.type, 'CUSTOM');
    assert.equal(request.displayName, NAME);
    assert.equal(request.applicationId, SANDBOX.applicationId);
    assert.ok(request.authConfiguration.oAuth2ClientCredentialConfiguration.secretArn);
    assert.match(run.stdout, /UpdatePlugin \{/);
    const marker = 'apiSchema.payload, sent verbatim:\n';
    const payload = run.stdout.slice(run.stdout.indexOf(marker) + marker.length);
    assert.deepEqual(JSON.parse(payload).servers, [{ url: 'https://remediation.example.org' }]);
  });

  it('--dry-run needs no running sandbox', async () => {
    const run = await runTool(undefined, ['register', '--dry-run'], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Dry run: nothing is sent/);
  });

  it('past 20 operations registers one plugin per audience, and says the old one is left', async () => {
    assert.equal((await runTool(sandbox, ['register'])).code, 0);
    const document = grownDocument(await generateDocument({}));
    const run = await runTool(sandbox, ['register'], { document });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /registering 2 plugins/);
    assert.match(
      run.stderr,
      /Plugin "security-remediation" \([^)]+\) holds the API from before it was split/,
    );
    for (const audience of ['responders', 'auditors']) {
      const [found] = await pluginsNamed(`${NAME}-${audience}`);
      assert.ok(found?.pluginId, `${audience} plugin registered`);
      const plugin = await qbusiness(sandbox).send(
        new GetPluginCommand({ applicationId: SANDBOX.applicationId, pluginId: found.pluginId }),
      );
      assert.equal(plugin.buildStatus, 'READY');
      const schema = plugin.customPluginConfiguration?.apiSchema as { payload: string };
      const paths = JSON.parse(schema.payload).paths as Record<string, object>;
      const operations = Object.values(paths).flatMap((item) => Object.keys(item));
      assert.ok(
        operations.length >= 1 && operations.length <= 20,
        `${audience}: ${operations.length}`,
      );
    }
    const status = await runTool(sandbox, ['status']);
    assert.match(
      status.stdout,
      /Plugin "security-remediation-responders" \([^)]+\): ENABLED, build READY/,
    );
    assert.match(
      status.stdout,
      /Plugin "security-remediation-auditors" \([^)]+\): ENABLED, build READY/,
    );
  });
});
