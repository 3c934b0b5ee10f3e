import { NAME_PATTERN, text } from './checks.js';
import {
  indexOf,
  page,
  type QContext,
  type QOperation,
  requireObject,
  seconds,
} from './context.js';
import { conflict, notFound, Problems } from './errors.js';
import {
  type QApplication,
  type QDataSource,
  type QIndex,
  type QSyncJob,
  settlesAfter,
  statusAt,
} from './state.js';

export const createDataSource: QOperation = (context) => {
  const { application, index } = indexOf(context);
  const problems = new Problems();
  const body = context.body;
  const displayName = text(problems, 'displayName', body.displayName, {
    required: true,
    min: 1,
    max: 1000,
    pattern: NAME_PATTERN,
  });
  const description = text(problems, 'description', body.description, { max: 1000 });
  const configuration = requireObject(body, 'configuration');
  const type = text(problems, 'configuration.type', configuration.type, { required: true });
  if (type && type !== 'CUSTOM') {
    problems.add(
      'configuration.type',
      `The sandbox emulates CUSTOM data sources only, not ${type}`,
    );
  }
  if (type === 'CUSTOM' && configuration.version !== '1.0.0') {
    problems.add(
      'configuration.version',
      'A CUSTOM data source configuration needs "version": "1.0.0"',
    );
  }
  if (type === 'CUSTOM' && body.syncSchedule) {
    problems.add(
      'syncSchedule',
      'A CUSTOM data source has no schedule: its owner starts each sync',
    );
  }
  problems.throwIfAny();
  const dataSourceId = context.state.ids.next('data-source');
  const dataSource: QDataSource = {
    dataSourceId,
    dataSourceArn: `${application.applicationArn}/index/${index.indexId}/data-source/${dataSourceId}`,
    displayName: displayName as string,
    ...(description ? { description } : {}),
    type: 'CUSTOM',
    configuration,
    status: { pending: 'CREATING', final: 'ACTIVE', settlesAt: settlesAfter(context.now) },
    createdAt: context.now,
    updatedAt: context.now,
    syncJobs: [],
  };
  index.dataSources.set(dataSourceId, dataSource);
  return { dataSourceId, dataSourceArn: dataSource.dataSourceArn };
};

export const getDataSource: QOperation = (context) => {
  const { application, index, dataSource } = dataSourceOf(context);
  return {
    applicationId: application.applicationId,
    indexId: index.indexId,
    dataSourceId: dataSource.dataSourceId,
    dataSourceArn: dataSource.dataSourceArn,
    displayName: dataSource.displayName,
    type: dataSource.type,
    configuration: dataSource.configuration,
    createdAt: seconds(dataSource.createdAt),
    updatedAt: seconds(dataSource.updatedAt),
    description: dataSource.description,
    status: statusAt(dataSource.status, context.now),
  };
};

export const listDataSources: QOperation = (context) => {
  const { index } = indexOf(context);
  const { items, nextToken } = page(context, [...index.dataSources.values()], 10);
  return {
    dataSources: items.map((dataSource) => ({
      displayName: dataSource.displayName,
      dataSourceId: dataSource.dataSourceId,
      type: dataSource.type,
      createdAt: seconds(dataSource.createdAt),
      updatedAt: seconds(dataSource.updatedAt),
      status: statusAt(dataSource.status, context.now),
    })),
    nextToken,
  };
};

export const startDataSourceSyncJob: QOperation = (context) => {
  const { dataSource } = dataSourceOf(context);
  const status = statusAt(dataSource.status, context.now);
  if (status !== 'ACTIVE') {
    throw conflict(
      'DataSource',
      dataSource.dataSourceId,
      `The data source ${dataSource.dataSourceId} is ${status}; start a sync once it is ACTIVE.`,
    );
  }
  const running = dataSource.syncJobs.find((job) => !isFinished(job, context.now));
  if (running) {
    throw conflict(
      'DataSource',
      dataSource.dataSourceId,
      `The data source ${dataSource.dataSourceId} is already syncing (execution ${running.executionId}); stop that sync or wait for it to finish.`,
    );
  }
  const job: QSyncJob = {
    executionId: context.state.ids.next('sync-job'),
    startTime: context.now,
    // SYNCING has no end of its own: it lasts until StopDataSourceSyncJob.
    status: { pending: 'SYNCING', final: 'SYNCING', settlesAt: context.now },
    metrics: {
      documentsAdded: 0,
      documentsModified: 0,
      documentsDeleted: 0,
      documentsFailed: 0,
      documentsScanned: 0,
    },
  };
  dataSource.syncJobs.push(job);
  return { executionId: job.executionId };
};

export const stopDataSourceSyncJob: QOperation = (context) => {
  const { dataSource } = dataSourceOf(context);
  const job = dataSource.syncJobs.find((candidate) => isSyncing(candidate, context.now));
  if (!job) {
    throw conflict(
      'DataSource',
      dataSource.dataSourceId,
      `No sync job is running for the data source ${dataSource.dataSourceId}.`,
    );
  }
  // The documents received are indexed after the stop; the job then succeeds.
  job.status = {
    pending: 'SYNCING_INDEXING',
    final: 'SUCCEEDED',
    settlesAt: settlesAfter(context.now),
  };
  job.endTime = job.status.settlesAt;
  return undefined;
};

export const listDataSourceSyncJobs: QOperation = (context) => {
  const { dataSource } = dataSourceOf(context);
  const wanted = context.query.get('syncStatus');
  const history = [...dataSource.syncJobs]
    .reverse()
    .filter((job) => !wanted || statusAt(job.status, context.now) === wanted);
  const { items, nextToken } = page(context, history, 10);
  return {
    history: items.map((job) => {
      const status = statusAt(job.status, context.now);
      const finished = isFinished(job, context.now);
      return {
        executionId: job.executionId,
        startTime: seconds(job.startTime),
        endTime: finished ? seconds(job.endTime) : undefined,
        status,
        metrics: Object.fromEntries(
          Object.entries(job.metrics).map(([name, value]) => [name, String(value)]),
        ),
      };
    }),
    nextToken,
  };
};

export function dataSourceOf(context: QContext): {
  application: QApplication;
  index: QIndex;
  dataSource: QDataSource;
} {
  const { application, index } = indexOf(context);
  const id = context.labels.dataSourceId ?? '';
  const dataSource = index.dataSources.get(id);
  if (!dataSource) {
    throw notFound(
      'DataSource',
      id,
      `The data source ${id} was not found in index ${index.indexId}.`,
    );
  }
  return { application, index, dataSource };
}

export function isSyncing(job: QSyncJob, now: Date): boolean {
  return statusAt(job.status, now) === 'SYNCING';
}

function isFinished(job: QSyncJob, now: Date): boolean {
  return ['SUCCEEDED', 'FAILED', 'ABORTED', 'INCOMPLETE'].includes(statusAt(job.status, now));
}

/** The data source and job a `dataSourceSyncId` names, when it is a sync in progress. */
export function runningSync(index: QIndex, executionId: string, now: Date) {
  for (const dataSource of index.dataSources.values()) {
    const job = dataSource.syncJobs.find((candidate) => candidate.executionId === executionId);
    if (job) return isSyncing(job, now) ? { dataSource, job } : { dataSource, job, stopped: true };
  }
  return undefined;
}
