import { isObject, type Json, oneOf, ROLE_ARN, text, unionMember } from './checks.js';
import { indexOf, page, type QContext, type QOperation, seconds } from './context.js';
import { runningSync } from './data-sources.js';
import { Problems } from './errors.js';
import type { QDataSource, QDocument, QIndex, QSyncJob } from './state.js';

const MAX_DOCUMENTS_PER_CALL = 10;
const MAX_ATTRIBUTES = 500;
const MAX_INLINE_BYTES = 10 * 1024 * 1024;
const CONTENT_TYPES = [
  'PDF',
  'HTML',
  'MS_WORD',
  'PLAIN_TEXT',
  'PPT',
  'RTF',
  'XML',
  'XSLT',
  'MS_EXCEL',
  'CSV',
  'JSON',
  'MD',
] as const;
const ATTRIBUTE_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/;
const VALUE_MEMBERS = ['stringValue', 'stringListValue', 'longValue', 'dateValue'] as const;
type ValueMember = (typeof VALUE_MEMBERS)[number];

/** Reserved attributes the index knows, and the value type each takes. */
const RESERVED: Record<string, ValueMember> = {
  _source_uri: 'stringValue',
  _document_title: 'stringValue',
  _category: 'stringValue',
  _version: 'stringValue',
  _created_at: 'dateValue',
  _last_updated_at: 'dateValue',
  _authors: 'stringListValue',
  _file_type: 'stringValue',
  _view_count: 'longValue',
  _language_code: 'stringValue',
};

interface Sync {
  dataSource: QDataSource;
  job: QSyncJob;
}

export const batchPutDocument: QOperation = (context) => {
  const { index } = indexOf(context);
  const problems = new Problems();
  const documents = checkBatch(problems, context.body.documents);
  text(problems, 'roleArn', context.body.roleArn, { max: 1284, pattern: ROLE_ARN });
  for (const [position, document] of documents.entries()) {
    checkDocument(problems, `documents.${position}`, document);
  }
  const sync = checkSync(problems, index, context);
  problems.throwIfAny();
  const failedDocuments: Json[] = [];
  for (const document of documents) {
    const id = document.id as string;
    const failure = semanticProblem(document);
    if (failure) {
      failedDocuments.push({
        id,
        error: { errorCode: 'InvalidRequest', errorMessage: failure },
        ...(sync ? { dataSourceId: sync.dataSource.dataSourceId } : {}),
      });
      if (sync) sync.job.metrics.documentsFailed++;
      continue;
    }
    const existing = index.documents.get(id);
    index.documents.set(id, {
      id,
      ...(sync ? { dataSourceId: sync.dataSource.dataSourceId } : {}),
      ...(typeof document.title === 'string' ? { title: document.title } : {}),
      ...(typeof document.contentType === 'string' ? { contentType: document.contentType } : {}),
      contentBytes: contentBytes(document),
      attributes: (document.attributes as QDocument['attributes'] | undefined) ?? [],
      createdAt: existing?.createdAt ?? context.now,
      updatedAt: context.now,
    });
    if (sync) {
      sync.job.metrics.documentsScanned++;
      if (existing) sync.job.metrics.documentsModified++;
      else sync.job.metrics.documentsAdded++;
    }
  }
  return { failedDocuments };
};

export const batchDeleteDocument: QOperation = (context) => {
  const { index } = indexOf(context);
  const problems = new Problems();
  const documents = checkBatch(problems, context.body.documents);
  for (const [position, document] of documents.entries()) {
    text(problems, `documents.${position}.documentId`, document.documentId, {
      required: true,
      min: 1,
      max: 1825,
    });
  }
  const sync = checkSync(problems, index, context);
  problems.throwIfAny();
  for (const document of documents) {
    if (index.documents.delete(document.documentId as string) && sync) {
      sync.job.metrics.documentsDeleted++;
    }
  }
  return { failedDocuments: [] };
};

export const listDocuments: QOperation = (context) => {
  const { index } = indexOf(context);
  const problems = new Problems();
  const wanted = context.query.getAll('dataSourceIds');
  if (wanted.length > 1)
    problems.add('dataSourceIds', 'Member must have length less than or equal to 1');
  problems.throwIfAny();
  const documents = [...index.documents.values()].filter(
    (document) => wanted.length === 0 || wanted.includes(document.dataSourceId ?? ''),
  );
  const { items, nextToken } = page(context, documents, 100);
  return {
    documentDetailList: items.map((document) => ({
      documentId: document.id,
      status: 'INDEXED',
      createdAt: seconds(document.createdAt),
      updatedAt: seconds(document.updatedAt),
    })),
    nextToken,
  };
};

function checkBatch(problems: Problems, value: unknown): Json[] {
  if (!Array.isArray(value)) {
    problems.add('documents', 'Member must not be null');
    return [];
  }
  if (value.length < 1 || value.length > MAX_DOCUMENTS_PER_CALL) {
    problems.add(
      'documents',
      `Member must have length between 1 and ${MAX_DOCUMENTS_PER_CALL}, found ${value.length}`,
    );
    return [];
  }
  return value.map((item, position) => {
    if (!isObject(item)) problems.add(`documents.${position}`, 'Member must be a structure');
    return isObject(item) ? item : {};
  });
}

/** Shape problems reject the whole call, as the service's input validation does. */
function checkDocument(problems: Problems, where: string, document: Json) {
  text(problems, `${where}.id`, document.id, { required: true, min: 1, max: 1825 });
  text(problems, `${where}.title`, document.title, { min: 1, max: 1024 });
  oneOf(problems, `${where}.contentType`, document.contentType, CONTENT_TYPES);
  const member = unionMember(problems, `${where}.content`, document.content, ['blob', 's3']);
  const content = isObject(document.content) ? document.content : {};
  if (member === 'blob' && (typeof content.blob !== 'string' || !isBase64(content.blob))) {
    problems.add(`${where}.content.blob`, 'Member must be base64-encoded binary data');
  }
  const attributes = document.attributes;
  if (attributes === undefined) return;
  if (!Array.isArray(attributes)) {
    problems.add(`${where}.attributes`, 'Member must be a list');
    return;
  }
  if (attributes.length > MAX_ATTRIBUTES) {
    problems.add(
      `${where}.attributes`,
      `Member must have length less than or equal to ${MAX_ATTRIBUTES}`,
    );
  }
  attributes.forEach((attribute: unknown, position) => {
    const at = `${where}.attributes.${position}`;
    const item = isObject(attribute) ? attribute : {};
    text(problems, `${at}.name`, item.name, {
      required: true,
      min: 1,
      max: 200,
      pattern: ATTRIBUTE_NAME,
    });
    unionMember(problems, `${at}.value`, item.value, VALUE_MEMBERS);
  });
}

/** What the index cannot accept in a well-formed document: reported per document, not thrown. */
function semanticProblem(document: Json): string | undefined {
  const content = document.content as Json;
  if (content.s3)
    return 'The sandbox cannot read document content from S3; send it inline as content.blob.';
  if (contentBytes(document) > MAX_INLINE_BYTES) return 'Inline content is larger than 10 MB.';
  for (const attribute of (document.attributes as Json[] | undefined) ?? []) {
    const name = attribute.name as string;
    const member = Object.keys(attribute.value as Json)[0] as ValueMember;
    const expected = RESERVED[name];
    if (name.startsWith('_') && !expected) {
      return `The attribute ${name} is not a reserved attribute; custom attribute names must not start with an underscore.`;
    }
    if (!expected) {
      return `The attribute ${name} is not configured in the index; add it to the index's documentAttributeConfigurations or drop it.`;
    }
    if (member !== expected) {
      return `The reserved attribute ${name} takes a ${expected}, not a ${member}.`;
    }
    if (expected === 'stringValue' && name === '_source_uri') {
      const value = (attribute.value as Json).stringValue as string;
      if (!/^https?:\/\/\S+$/.test(value))
        return `_source_uri must be an http(s) URL, found "${value}".`;
    }
  }
  return undefined;
}

function checkSync(problems: Problems, index: QIndex, context: QContext): Sync | undefined {
  const id = text(problems, 'dataSourceSyncId', context.body.dataSourceSyncId, { min: 1 });
  if (!id) return undefined;
  const found = runningSync(index, id, context.now);
  if (!found) {
    problems.add(
      'dataSourceSyncId',
      `No sync job ${id} exists for a data source of index ${index.indexId}`,
    );
    return undefined;
  }
  if ('stopped' in found) {
    problems.add(
      'dataSourceSyncId',
      `The sync job ${id} is no longer running; start a new sync job`,
    );
    return undefined;
  }
  return found;
}

function contentBytes(document: Json): number {
  const blob = (document.content as Json | undefined)?.blob;
  return typeof blob === 'string' ? Buffer.from(blob, 'base64').length : 0;
}

function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0;
}
