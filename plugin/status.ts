import {
  GetApplicationCommand,
  type GetApplicationResponse,
  GetDataSourceCommand,
  type GetDataSourceResponse,
  GetPluginCommand,
  type GetPluginResponse,
  ListDataSourceSyncJobsCommand,
  type ListDataSourceSyncJobsResponse,
  ListDocumentsCommand,
  type ListDocumentsResponse,
} from '@aws-sdk/client-qbusiness';
import type { PolicyCatalog } from '../api/policy/catalog.js';
import { AUDIENCES, type Audience, pluginName } from '../openapi/plugin-documents.js';
import type { PluginConfig } from './config.js';
import { findDataSourceByName, findPluginByName } from './find.js';
import { type Output, showRequest } from './output.js';
import { DOCUMENT_ID_PREFIX } from './policy-documents.js';
import { describeTarget } from './register.js';
import { pages, type Session } from './session.js';

export interface StatusResult {
  application?: string;
  plugins: Array<{ displayName: string; pluginId?: string; state?: string; buildStatus?: string }>;
  dataSource?: { dataSourceId?: string; status?: string };
  lastSync?: { status?: string; endTime?: Date };
  sectionsIndexed?: number;
  sectionsInPolicy: number;
}

/** What an operator needs before trusting the chat: is the plugin built, is the policy current. */
export async function showStatus(
  config: PluginConfig,
  catalog: PolicyCatalog,
  out: Output,
  session?: Session,
): Promise<StatusResult> {
  const sectionsInPolicy = catalog.all().length;
  if (!session) {
    out.step(`Dry run: nothing is sent to ${describeTarget(config)}. Status would read:`);
    out.text(showRequest('GetApplication', { applicationId: config.applicationId }));
    out.text(showRequest('ListPlugins', { applicationId: config.applicationId, maxResults: 50 }));
    out.text(
      showRequest('GetPlugin', {
        applicationId: config.applicationId,
        pluginId: '<found pluginId>',
      }),
    );
    out.text(
      showRequest('ListDataSources', {
        applicationId: config.applicationId,
        indexId: config.indexId,
        maxResults: 10,
      }),
    );
    out.text(
      showRequest('ListDataSourceSyncJobs', {
        applicationId: config.applicationId,
        indexId: config.indexId,
        dataSourceId: '<found dataSourceId>',
        maxResults: 1,
      }),
    );
    out.text(
      showRequest('ListDocuments', {
        applicationId: config.applicationId,
        indexId: config.indexId,
        dataSourceIds: ['<found dataSourceId>'],
        maxResults: 100,
      }),
    );
    return { sectionsInPolicy, plugins: [] };
  }
  const result: StatusResult = { sectionsInPolicy, plugins: [] };
  const app = await session.send<GetApplicationResponse>(
    new GetApplicationCommand({ applicationId: config.applicationId }),
  );
  result.application = app.status;
  out.step(
    `Application ${app.displayName} (${config.applicationId}) in ${config.region}: ${app.status}`,
  );

  // The API is one plugin, or one per audience once it has more operations than a plugin takes.
  const base = config.plugin.displayName;
  const names = [base, ...(Object.keys(AUDIENCES) as Audience[]).map((a) => pluginName(base, a))];
  for (const name of names) {
    const found = await findPluginByName(session, name);
    if (!found?.pluginId) continue;
    const plugin = await session.send<GetPluginResponse>(
      new GetPluginCommand({ applicationId: config.applicationId, pluginId: found.pluginId }),
    );
    result.plugins.push({
      displayName: name,
      pluginId: plugin.pluginId,
      state: plugin.state,
      buildStatus: plugin.buildStatus,
    });
    out.step(
      `Plugin "${plugin.displayName}" (${plugin.pluginId}): ${plugin.state}, build ${plugin.buildStatus}, updated ${plugin.updatedAt?.toISOString() ?? 'never'}`,
    );
  }
  if (result.plugins.length === 0) {
    out.step(`Plugin "${base}": not registered. Run \`npm run plugin -- register\`.`);
  }

  const source = await findDataSourceByName(session, config.policy.dataSourceName);
  if (!source?.dataSourceId) {
    out.step(
      `Data source "${config.policy.dataSourceName}": none yet. Run \`npm run plugin -- sync-policies\`.`,
    );
    return result;
  }
  const key = {
    applicationId: config.applicationId,
    indexId: config.indexId,
    dataSourceId: source.dataSourceId,
  };
  const dataSource = await session.send<GetDataSourceResponse>(new GetDataSourceCommand(key));
  result.dataSource = { dataSourceId: dataSource.dataSourceId, status: dataSource.status };
  const { history } = await session.send<ListDataSourceSyncJobsResponse>(
    new ListDataSourceSyncJobsCommand({ ...key, maxResults: 1 }),
  );
  const last = history?.[0];
  result.lastSync = { status: last?.status, endTime: last?.endTime };
  const when = last?.endTime ?? last?.startTime;
  out.step(
    `Data source "${dataSource.displayName}" (${dataSource.dataSourceId}): ${dataSource.status}; last sync ${last ? `${last.status}${when ? ` at ${when.toISOString()}` : ''}` : 'never'}`,
  );
  let indexed = 0;
  for await (const page of pages((nextToken) =>
    session.send<ListDocumentsResponse>(
      new ListDocumentsCommand({
        ...key,
        dataSourceIds: [source.dataSourceId as string],
        maxResults: 100,
        nextToken,
      }),
    ),
  )) {
    indexed += (page.documentDetailList ?? []).filter((d) =>
      d.documentId?.startsWith(DOCUMENT_ID_PREFIX),
    ).length;
  }
  result.sectionsIndexed = indexed;
  const verdict =
    indexed === sectionsInPolicy
      ? 'in step with policies-docs/'
      : `policies-docs/ has ${sectionsInPolicy}: run \`npm run plugin -- sync-policies\``;
  out.step(`Policy sections indexed: ${indexed} (${verdict})`);
  return result;
}
