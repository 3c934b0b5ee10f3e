import {
  type DataSource,
  ListDataSourcesCommand,
  type ListDataSourcesResponse,
  ListPluginsCommand,
  type ListPluginsResponse,
  type Plugin,
} from '@aws-sdk/client-qbusiness';
import { ToolError } from './errors.js';
import { pages, type Session } from './session.js';

/** Q Business has no lookup by name: page through ListPlugins and match the display name. */
export async function findPluginByName(
  session: Session,
  name: string,
): Promise<Plugin | undefined> {
  const found: Plugin[] = [];
  for await (const page of pages((nextToken) =>
    session.send<ListPluginsResponse>(
      new ListPluginsCommand({
        applicationId: session.config.applicationId,
        maxResults: 50,
        nextToken,
      }),
    ),
  )) {
    found.push(...(page.plugins ?? []).filter((plugin) => plugin.displayName === name));
  }
  if (found.length > 1) {
    throw new ToolError(
      `${found.length} plugins are named "${name}" (${found.map((plugin) => plugin.pluginId).join(', ')}); delete all but one in the Q Business console, or set PLUGIN_NAME to another name.`,
    );
  }
  return found[0];
}

export async function findDataSourceByName(
  session: Session,
  name: string,
): Promise<DataSource | undefined> {
  const { applicationId, indexId } = session.config;
  for await (const page of pages((nextToken) =>
    session.send<ListDataSourcesResponse>(
      new ListDataSourcesCommand({ applicationId, indexId, maxResults: 10, nextToken }),
    ),
  )) {
    const match = (page.dataSources ?? []).find((dataSource) => dataSource.displayName === name);
    if (match) return match;
  }
  return undefined;
}
