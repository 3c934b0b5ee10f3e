import {
  BatchDeleteDocumentCommand,
  BatchPutDocumentCommand,
  type BatchPutDocumentResponse,
  CreateDataSourceCommand,
  type CreateDataSourceResponse,
  type DataSourceSyncJob,
  type Document,
  GetDataSourceCommand,
  type GetDataSourceResponse,
  ListDataSourceSyncJobsCommand,
  type ListDataSourceSyncJobsResponse,
  ListDocumentsCommand,
  type ListDocumentsResponse,
  StartDataSourceSyncJobCommand,
  type StartDataSourceSyncJobResponse,
  StopDataSourceSyncJobCommand,
} from '@aws-sdk/client-qbusiness';
import type { PolicyCatalog } from '../api/policy/catalog.js';
import type { PluginConfig } from './config.js';
import { ToolError } from './errors.js';
import { findDataSourceByName } from './find.js';
import { type Output, showRequest } from './output.js';
import { batches, DOCUMENT_ID_PREFIX, policyDocuments } from './policy-documents.js';
import { describeTarget } from './register.js';
import { pages, type Session } from './session.js';

export interface SyncResult {
  dataSourceId?: string;
  executionId?: string;
  put?: number;
  deleted?: string[];
  status?: string;
}

const FINAL_SYNC = ['SUCCEEDED', 'FAILED', 'ABORTED', 'INCOMPLETE'];

/**
 * Puts one document per policy control into the CUSTOM data source inside one sync job, removes
 * the documents of sections that disappeared, and stops the job so Q Business indexes the lot.
 */
export async function syncPolicies(
  config: PluginConfig,
  catalog: PolicyCatalog,
  out: Output,
  session?: Session,
): Promise<SyncResult> {
  const documents = policyDocuments(catalog);
  const files = new Set(catalog.all().map((control) => control.document));
  if (!session) {
    printDryRun(config, documents, out);
    return { put: 0 };
  }
  out.step(`${documents.length} policy sections in ${files.size} files of policies-docs/`);
  const dataSourceId = await ensureDataSource(session, out);
  const executionId = await startSync(session, dataSourceId, out);
  let result: SyncResult;
  try {
    result = await putAndPrune(session, dataSourceId, executionId, documents, out);
  } catch (error) {
    await stopQuietly(session, dataSourceId, out);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolError(
      `${reason}\nThe sync was stopped. Run sync-policies again: document ids are stable, so it replaces what this run already put.`,
    );
  }
  out.step('Stopping the sync job so Q Business indexes what it received');
  await session.send(new StopDataSourceSyncJobCommand(dataSourceKey(config, dataSourceId)));
  const job = await session.waitFor(
    `sync ${executionId} to finish`,
    () => findJob(session, dataSourceId, executionId),
    (found) => FINAL_SYNC.includes(found?.status ?? ''),
  );
  const metrics = job?.metrics ?? {};
  out.step(
    `Sync ${executionId} ${job?.status}: ${metrics.documentsAdded ?? 0} added, ${metrics.documentsModified ?? 0} replaced, ${metrics.documentsDeleted ?? 0} removed, ${metrics.documentsFailed ?? 0} failed. Citations link to ${config.policy.baseUrl}/<file>#<section>.`,
  );
  if (job?.status !== 'SUCCEEDED') {
    throw new ToolError(
      `The sync ended ${job?.status}${job?.error?.errorMessage ? `: ${job.error.errorMessage}` : ''}. Run sync-policies again.`,
    );
  }
  return { ...result, status: job.status };
}

async function ensureDataSource(session: Session, out: Output): Promise<string> {
  const { config } = session;
  const name = config.policy.dataSourceName;
  const existing = await findDataSourceByName(session, name);
  let dataSourceId = existing?.dataSourceId;
  if (dataSourceId) {
    out.step(`Data source "${name}" is ${dataSourceId}`);
  } else {
    out.step(`Creating the CUSTOM data source "${name}" in index ${config.indexId}`);
    const created = await session.send<CreateDataSourceResponse>(
      new CreateDataSourceCommand(createDataSourceRequest(config)),
    );
    if (!created.dataSourceId) throw new ToolError('CreateDataSource answered without an id.');
    dataSourceId = created.dataSourceId;
  }
  const id = dataSourceId;
  const ready = await session.waitFor(
    `data source ${id} to become ACTIVE`,
    () => session.send<GetDataSourceResponse>(new GetDataSourceCommand(dataSourceKey(config, id))),
    (dataSource) => dataSource.status !== 'CREATING' && dataSource.status !== 'UPDATING',
  );
  if (ready.status !== 'ACTIVE') {
    throw new ToolError(
      `Data source "${name}" (${id}) is ${ready.status}${ready.error?.errorMessage ? `: ${ready.error.errorMessage}` : ''}; fix or delete it in the Q Business console, then run sync-policies again.`,
    );
  }
  return id;
}

/** A sync left running by an interrupted run is stopped first, so a rerun always proceeds. */
async function startSync(session: Session, dataSourceId: string, out: Output): Promise<string> {
  const key = dataSourceKey(session.config, dataSourceId);
  const running = (await recentJobs(session, dataSourceId)).find((job) => job.status === 'SYNCING');
  if (running?.executionId) {
    out.warn(`Sync ${running.executionId} was left running by an earlier run; stopping it first`);
    await session.send(new StopDataSourceSyncJobCommand(key));
  }
  await session.waitFor(
    'the previous sync to finish',
    () => recentJobs(session, dataSourceId),
    (jobs) => jobs.every((job) => FINAL_SYNC.includes(job.status ?? '')),
  );
  const { executionId } = await session.send<StartDataSourceSyncJobResponse>(
    new StartDataSourceSyncJobCommand(key),
  );
  if (!executionId) throw new ToolError('StartDataSourceSyncJob answered without an executionId.');
  out.step(`Started sync ${executionId}`);
  return executionId;
}

async function putAndPrune(
  session: Session,
  dataSourceId: string,
  executionId: string,
  documents: Document[],
  out: Output,
): Promise<SyncResult> {
  const { applicationId, indexId } = session.config;
  const failed: string[] = [];
  for (const [n, batch] of batches(documents).entries()) {
    out.step(`Putting documents ${n * 10 + 1}-${n * 10 + batch.length} of ${documents.length}`);
    const answer = await session.send<BatchPutDocumentResponse>(
      new BatchPutDocumentCommand({
        applicationId,
        indexId,
        dataSourceSyncId: executionId,
        documents: batch,
      }),
    );
    for (const failure of answer.failedDocuments ?? []) {
      failed.push(
        `${failure.id}: ${failure.error?.errorMessage ?? failure.error?.errorCode ?? 'failed'}`,
      );
    }
  }
  if (failed.length > 0) {
    throw new ToolError(
      `Q Business refused ${failed.length} document${failed.length === 1 ? '' : 's'}:\n  - ${failed.join('\n  - ')}\nFix the section or its front matter in policies-docs/.`,
    );
  }
  const current = new Set(documents.map((document) => document.id));
  const stale: string[] = [];
  for await (const page of pages((nextToken) =>
    session.send<ListDocumentsResponse>(
      new ListDocumentsCommand({
        applicationId,
        indexId,
        dataSourceIds: [dataSourceId],
        maxResults: 100,
        nextToken,
      }),
    ),
  )) {
    for (const detail of page.documentDetailList ?? []) {
      const id = detail.documentId ?? '';
      if (id && !current.has(id) && detail.status !== 'DELETED' && detail.status !== 'DELETING') {
        stale.push(id);
      }
    }
  }
  for (const batch of batches(stale)) {
    out.step(`Removing ${batch.length} document(s) whose section disappeared: ${batch.join(', ')}`);
    await session.send(
      new BatchDeleteDocumentCommand({
        applicationId,
        indexId,
        dataSourceSyncId: executionId,
        documents: batch.map((documentId) => ({ documentId })),
      }),
    );
  }
  return { dataSourceId, executionId, put: documents.length, deleted: stale };
}

async function stopQuietly(session: Session, dataSourceId: string, out: Output) {
  try {
    await session.send(
      new StopDataSourceSyncJobCommand(dataSourceKey(session.config, dataSourceId)),
    );
  } catch (error) {
    out.warn(
      `Could not stop the sync job either (${(error as Error).message}); the next run stops it.`,
    );
  }
}

async function recentJobs(session: Session, dataSourceId: string): Promise<DataSourceSyncJob[]> {
  const answer = await session.send<ListDataSourceSyncJobsResponse>(
    new ListDataSourceSyncJobsCommand({
      ...dataSourceKey(session.config, dataSourceId),
      maxResults: 10,
    }),
  );
  return answer.history ?? [];
}

async function findJob(session: Session, dataSourceId: string, executionId: string) {
  return (await recentJobs(session, dataSourceId)).find((job) => job.executionId === executionId);
}

function dataSourceKey(config: PluginConfig, dataSourceId: string) {
  return { applicationId: config.applicationId, indexId: config.indexId, dataSourceId };
}

function createDataSourceRequest(config: PluginConfig) {
  return {
    applicationId: config.applicationId,
    indexId: config.indexId,
    displayName: config.policy.dataSourceName,
    description: `The corporate security policy, one document per control section (policies-docs/), with links to ${config.policy.baseUrl}.`,
    configuration: { type: 'CUSTOM', version: '1.0.0' },
  };
}

function printDryRun(config: PluginConfig, documents: Document[], out: Output) {
  const key = (id: string) => dataSourceKey(config, id);
  out.step(`Dry run: nothing is sent to ${describeTarget(config)}.`);
  out.step(
    `1. Page through ListDataSources to find "${config.policy.dataSourceName}"; if there is none, create it and poll GetDataSource until ACTIVE:`,
  );
  out.text(
    showRequest('ListDataSources', {
      applicationId: config.applicationId,
      indexId: config.indexId,
      maxResults: 10,
    }),
  );
  out.text(showRequest('CreateDataSource', createDataSourceRequest(config)));
  out.step('2. Start a sync job (after stopping one an earlier run left running):');
  out.text(showRequest('StartDataSourceSyncJob', key('<dataSourceId>')));
  out.step(
    `3. Put ${documents.length} documents, one per control, in batches of at most 10 (content.blob shown as UTF-8 text; the SDK sends it base64-encoded, and dates as epoch seconds):`,
  );
  for (const batch of batches(documents)) {
    out.text(
      showRequest('BatchPutDocument', {
        applicationId: config.applicationId,
        indexId: config.indexId,
        dataSourceSyncId: '<executionId>',
        documents: batch,
      }),
    );
  }
  out.step(
    `4. List the data source's documents and delete, 10 at a time, every one whose id is not among the ${documents.length} above (ids start with "${DOCUMENT_ID_PREFIX}"):`,
  );
  out.text(
    showRequest('ListDocuments', {
      applicationId: config.applicationId,
      indexId: config.indexId,
      dataSourceIds: ['<dataSourceId>'],
      maxResults: 100,
    }),
  );
  out.text(
    showRequest('BatchDeleteDocument', {
      applicationId: config.applicationId,
      indexId: config.indexId,
      dataSourceSyncId: '<executionId>',
      documents: [{ documentId: '<stale id>' }],
    }),
  );
  out.step('5. Stop the sync job and poll ListDataSourceSyncJobs until it SUCCEEDED:');
  out.text(showRequest('StopDataSourceSyncJob', key('<dataSourceId>')));
}
