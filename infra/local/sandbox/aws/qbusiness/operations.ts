import { getApplication, getIndex, listApplications, listIndices } from './applications.js';
import type { QOperation } from './context.js';
import {
  createDataSource,
  getDataSource,
  listDataSourceSyncJobs,
  listDataSources,
  startDataSourceSyncJob,
  stopDataSourceSyncJob,
} from './data-sources.js';
import { batchDeleteDocument, batchPutDocument, listDocuments } from './documents.js';
import { createPlugin, deletePlugin, getPlugin, listPlugins, updatePlugin } from './plugins.js';

/**
 * The control-plane operations the sandbox answers, with the HTTP binding
 * @aws-sdk/client-qbusiness uses for each (method and URI template from its serializers).
 */
const BINDINGS: Array<[string, string, string, QOperation]> = [
  ['ListApplications', 'GET', '/applications', listApplications],
  ['GetApplication', 'GET', '/applications/{applicationId}', getApplication],
  ['ListIndices', 'GET', '/applications/{applicationId}/indices', listIndices],
  ['GetIndex', 'GET', '/applications/{applicationId}/indices/{indexId}', getIndex],
  ['ListPlugins', 'GET', '/applications/{applicationId}/plugins', listPlugins],
  ['CreatePlugin', 'POST', '/applications/{applicationId}/plugins', createPlugin],
  ['GetPlugin', 'GET', '/applications/{applicationId}/plugins/{pluginId}', getPlugin],
  ['UpdatePlugin', 'PUT', '/applications/{applicationId}/plugins/{pluginId}', updatePlugin],
  ['DeletePlugin', 'DELETE', '/applications/{applicationId}/plugins/{pluginId}', deletePlugin],
  [
    'ListDataSources',
    'GET',
    '/applications/{applicationId}/indices/{indexId}/datasources',
    listDataSources,
  ],
  [
    'CreateDataSource',
    'POST',
    '/applications/{applicationId}/indices/{indexId}/datasources',
    createDataSource,
  ],
  [
    'GetDataSource',
    'GET',
    '/applications/{applicationId}/indices/{indexId}/datasources/{dataSourceId}',
    getDataSource,
  ],
  [
    'StartDataSourceSyncJob',
    'POST',
    '/applications/{applicationId}/indices/{indexId}/datasources/{dataSourceId}/startsync',
    startDataSourceSyncJob,
  ],
  [
    'StopDataSourceSyncJob',
    'POST',
    '/applications/{applicationId}/indices/{indexId}/datasources/{dataSourceId}/stopsync',
    stopDataSourceSyncJob,
  ],
  [
    'ListDataSourceSyncJobs',
    'GET',
    '/applications/{applicationId}/indices/{indexId}/datasources/{dataSourceId}/syncjobs',
    listDataSourceSyncJobs,
  ],
  [
    'BatchPutDocument',
    'POST',
    '/applications/{applicationId}/indices/{indexId}/documents',
    batchPutDocument,
  ],
  [
    'BatchDeleteDocument',
    'POST',
    '/applications/{applicationId}/indices/{indexId}/documents/delete',
    batchDeleteDocument,
  ],
  // Not a typo: ListDocuments is bound to `index`, singular.
  [
    'ListDocuments',
    'GET',
    '/applications/{applicationId}/index/{indexId}/documents',
    listDocuments,
  ],
];

interface Binding {
  name: string;
  method: string;
  pattern: RegExp;
  operation: QOperation;
}

const ROUTES: Binding[] = BINDINGS.map(([name, method, template, operation]) => ({
  name,
  method,
  pattern: new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
  operation,
}));

export interface MatchedOperation {
  name: string;
  operation: QOperation;
  labels: Record<string, string>;
}

export function matchOperation(method: string, path: string): MatchedOperation | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const labels = Object.fromEntries(
      Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]),
    );
    return { name: route.name, operation: route.operation, labels };
  }
  return undefined;
}
