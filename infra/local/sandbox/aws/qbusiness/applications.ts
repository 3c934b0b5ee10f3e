import {
  applicationOf,
  indexOf,
  page,
  type QContext,
  type QOperation,
  seconds,
} from './context.js';

export const getApplication: QOperation = (context) => {
  const app = applicationOf(context);
  return {
    displayName: app.displayName,
    applicationId: app.applicationId,
    applicationArn: app.applicationArn,
    identityType: app.identityType,
    status: app.status,
    description: app.description,
    createdAt: seconds(app.createdAt),
    updatedAt: seconds(app.updatedAt),
  };
};

export const listApplications: QOperation = (context: QContext) => {
  const mine = [...context.state.applications.values()].filter(
    (app) => app.accountId === context.accountId && app.region === context.region,
  );
  const { items, nextToken } = page(context, mine, 100);
  return {
    applications: items.map((app) => ({
      displayName: app.displayName,
      applicationId: app.applicationId,
      createdAt: seconds(app.createdAt),
      updatedAt: seconds(app.updatedAt),
      status: app.status,
      identityType: app.identityType,
    })),
    nextToken,
  };
};

export const listIndices: QOperation = (context) => {
  const app = applicationOf(context);
  const { items, nextToken } = page(context, [...app.indices.values()], 100);
  return {
    indices: items.map((index) => ({
      displayName: index.displayName,
      indexId: index.indexId,
      createdAt: seconds(index.createdAt),
      updatedAt: seconds(index.updatedAt),
      status: index.status,
    })),
    nextToken,
  };
};

export const getIndex: QOperation = (context) => {
  const { application, index } = indexOf(context);
  return {
    applicationId: application.applicationId,
    indexId: index.indexId,
    displayName: index.displayName,
    indexArn: index.indexArn,
    status: index.status,
    type: index.type,
    createdAt: seconds(index.createdAt),
    updatedAt: seconds(index.updatedAt),
    indexStatistics: { textDocumentStatistics: { indexedTextDocumentCount: index.documents.size } },
  };
};
