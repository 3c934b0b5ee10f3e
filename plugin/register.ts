import {
  CreatePluginCommand,
  type CreatePluginResponse,
  GetPluginCommand,
  type GetPluginResponse,
  UpdatePluginCommand,
} from '@aws-sdk/client-qbusiness';
import {
  AUDIENCES,
  type PluginDocument,
  pluginDocuments,
  pluginName,
} from '../openapi/plugin-documents.js';
import { checkPluginRules } from '../openapi/plugin-rules.js';
import type { PluginConfig } from './config.js';
import { ToolError } from './errors.js';
import { findPluginByName } from './find.js';
import { type Output, showRequest } from './output.js';
import { createPluginRequest, documentForPlugin, updatePluginRequest } from './plugin-request.js';
import type { Session } from './session.js';

export interface RegisterResult {
  displayName: string;
  pluginId?: string;
  buildStatus?: string;
  created?: boolean;
}

const inProgress = (status: string | undefined) => Boolean(status?.endsWith('_IN_PROGRESS'));

/**
 * Registers the API as one custom plugin, or, once it has more operations than a plugin takes, one
 * plugin per audience (openapi/plugin-documents.ts), each named `<PLUGIN_NAME>-<audience>`.
 */
export async function registerPlugin(
  config: PluginConfig,
  generated: Record<string, unknown>,
  out: Output,
  session?: Session,
): Promise<RegisterResult[]> {
  const plugins = pluginDocuments(generated);
  const base = config.plugin.displayName;
  if (plugins.some(({ audience }) => audience)) {
    out.step(
      `The API has more operations than one plugin takes; registering ${plugins.length} plugins: ${plugins.map(({ audience }) => `"${pluginName(base, audience)}"`).join(', ')}`,
    );
    const whole = session ? await findPluginByName(session, base) : undefined;
    if (whole?.pluginId) {
      out.warn(
        `Plugin "${base}" (${whole.pluginId}) holds the API from before it was split; delete it once the new plugins are READY, or the chat offers both.`,
      );
    }
  }
  const results: RegisterResult[] = [];
  for (const plugin of plugins) {
    results.push(await registerOne(audienceConfig(config, plugin), plugin.document, out, session));
  }
  return results;
}

function audienceConfig(config: PluginConfig, { audience }: PluginDocument): PluginConfig {
  if (!audience) return config;
  return {
    ...config,
    plugin: {
      ...config.plugin,
      displayName: pluginName(config.plugin.displayName, audience),
      description: AUDIENCES[audience].description,
    },
  };
}

/**
 * Creates the custom plugin, or updates the one with the same display name, with the OpenAPI
 * document inline; then waits for the build, because Q Business applies it asynchronously and a
 * plugin that never builds is otherwise silently never picked.
 */
async function registerOne(
  config: PluginConfig,
  generated: Record<string, unknown>,
  out: Output,
  session?: Session,
): Promise<RegisterResult> {
  const document = documentForPlugin(generated, config);
  const problems = checkPluginRules(document);
  for (const problem of problems) out.warn(`The OpenAPI document breaks a plugin rule: ${problem}`);
  const name = config.plugin.displayName;
  if (!session) {
    printDryRun(config, document, out);
    return { displayName: name };
  }
  out.step(`Looking for a plugin named "${name}" in application ${config.applicationId}`);
  const existing = await findPluginByName(session, name);
  let pluginId: string;
  let created = false;
  if (existing?.pluginId) {
    if (existing.type !== 'CUSTOM') {
      throw new ToolError(
        `A ${existing.type} plugin already uses the name "${name}"; set PLUGIN_NAME to another name.`,
      );
    }
    pluginId = existing.pluginId;
    if (inProgress(existing.buildStatus)) {
      out.step(
        `Plugin ${pluginId} is still building (${existing.buildStatus}); waiting before updating it`,
      );
      await waitForBuild(session, pluginId);
    }
    out.step(`Updating plugin ${pluginId} with the document for ${config.plugin.apiUrl}`);
    await session.send(new UpdatePluginCommand(updatePluginRequest(config, document, pluginId)));
  } else {
    out.step(`Creating plugin "${name}" for ${config.plugin.apiUrl}`);
    const answer = await session.send<CreatePluginResponse>(
      new CreatePluginCommand(createPluginRequest(config, document)),
    );
    if (!answer.pluginId) throw new ToolError('CreatePlugin answered without a pluginId.');
    pluginId = answer.pluginId;
    created = true;
  }
  out.step(`Waiting for Q Business to build plugin ${pluginId}`);
  const plugin = await waitForBuild(session, pluginId);
  if (plugin.buildStatus !== 'READY') throw buildFailure(plugin, problems, config);
  out.step(
    `Plugin "${name}" (${pluginId}) is READY and ${plugin.state ?? 'ENABLED'}; it calls ${config.plugin.apiUrl}`,
  );
  return { displayName: name, pluginId, buildStatus: plugin.buildStatus, created };
}

function waitForBuild(session: Session, pluginId: string): Promise<GetPluginResponse> {
  return session.waitFor(
    `plugin ${pluginId} to build`,
    () =>
      session.send<GetPluginResponse>(
        new GetPluginCommand({ applicationId: session.config.applicationId, pluginId }),
      ),
    (plugin) => !inProgress(plugin.buildStatus),
  );
}

/** Q Business does not say why a build failed; the rules it applies are the likely reason. */
function buildFailure(plugin: GetPluginResponse, problems: string[], config: PluginConfig) {
  const reasons =
    problems.length > 0
      ? `The OpenAPI document breaks these plugin rules:\n  - ${problems.join('\n  - ')}\nFix the route schemas, check with \`npm run openapi:check\`, then run register again.`
      : `The document meets the known plugin rules, so check that ${config.plugin.roleArn} trusts qbusiness.amazonaws.com and may read ${config.plugin.secretArn}, then run register again.`;
  return new ToolError(
    `Q Business could not build plugin "${plugin.displayName}" (${plugin.pluginId}): ${plugin.buildStatus}. ${reasons}`,
  );
}

function printDryRun(config: PluginConfig, document: Record<string, unknown>, out: Output) {
  const create = createPluginRequest(config, document);
  const payload =
    create.customPluginConfiguration?.apiSchema &&
    'payload' in create.customPluginConfiguration.apiSchema
      ? String(create.customPluginConfiguration.apiSchema.payload)
      : '';
  const marker = `<the OpenAPI document printed below, ${Buffer.byteLength(payload)} bytes>`;
  const withMarker = (request: { customPluginConfiguration?: unknown }) => ({
    ...request,
    customPluginConfiguration: {
      ...(request.customPluginConfiguration as object),
      apiSchema: { payload: marker },
    },
  });
  out.step(`Dry run: nothing is sent to ${describeTarget(config)}.`);
  out.step(`1. Page through ListPlugins to find a plugin named "${config.plugin.displayName}":`);
  out.text(showRequest('ListPlugins', { applicationId: config.applicationId, maxResults: 50 }));
  out.step(
    '2a. If there is none, create it (the SDK adds a random clientToken for idempotent retries):',
  );
  out.text(showRequest('CreatePlugin', withMarker(create)));
  out.step('2b. If there is one, update it (a fresh build, since the payload is inline):');
  out.text(
    showRequest(
      'UpdatePlugin',
      withMarker(updatePluginRequest(config, document, '<its pluginId>')),
    ),
  );
  out.step('3. Poll until buildStatus is READY or *_FAILED:');
  out.text(
    showRequest('GetPlugin', { applicationId: config.applicationId, pluginId: '<pluginId>' }),
  );
  out.step('apiSchema.payload, sent verbatim:');
  out.text(payload);
}

export function describeTarget(config: PluginConfig): string {
  const where = config.endpoint ?? `Amazon Q Business in ${config.region}`;
  return `application ${config.applicationId} at ${where}${config.sandbox ? ' (the sandbox; set QBUSINESS_APPLICATION_ID to use AWS)' : ''}`;
}
