import type { QApplication, QBusinessState, QPlugin } from './state.js';
import { UuidFactory } from './state.js';

/**
 * The Q Business application the security team chats with, as the sandbox starts: one
 * application with one index in the security account, and two plugins other teams registered
 * earlier (so whoever looks a plugin up by name has to page past them). The plugin tool's
 * defaults point here, so `npm start` followed by `npm run plugin -- register` works untouched.
 */
export const QBUSINESS_SEED = {
  accountId: '111111111111',
  region: 'us-east-1',
  applicationId: '5eed0001-0000-4000-8000-000000000001',
  applicationName: 'security-assistant',
  indexId: '5eed0002-0000-4000-8000-000000000001',
  indexName: 'security-knowledge',
  /** The web experience whose `/oauth/callback` the plugin's Cognito client must allow. */
  webExperienceUrl: 'https://5eed0003sandbox.chat.qbusiness.us-east-1.on.aws',
  otherPlugins: ['jira-cloud-tickets', 'servicenow-incidents'],
} as const;

const SEEDED_AT = new Date('2025-06-02T08:00:00Z');

export function seedQBusiness(): QBusinessState {
  const { accountId, region, applicationId, indexId } = QBUSINESS_SEED;
  const ids = new UuidFactory();
  const applicationArn = `arn:aws:qbusiness:${region}:${accountId}:application/${applicationId}`;
  const application: QApplication = {
    applicationId,
    applicationArn,
    accountId,
    region,
    displayName: QBUSINESS_SEED.applicationName,
    description: 'Answers security policy questions and runs approved remediations.',
    status: 'ACTIVE',
    identityType: 'AWS_IAM_IDC',
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
    indices: new Map(),
    plugins: new Map(),
  };
  application.indices.set(indexId, {
    indexId,
    indexArn: `${applicationArn}/index/${indexId}`,
    displayName: QBUSINESS_SEED.indexName,
    type: 'ENTERPRISE',
    status: 'ACTIVE',
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
    dataSources: new Map(),
    documents: new Map(),
  });
  for (const name of QBUSINESS_SEED.otherPlugins) {
    const pluginId = ids.next('plugin');
    const plugin: QPlugin = {
      pluginId,
      pluginArn: `${applicationArn}/plugin/${pluginId}`,
      displayName: name,
      type: name.startsWith('jira') ? 'JIRA_CLOUD' : 'SERVICE_NOW',
      serverUrl: name.startsWith('jira')
        ? 'https://example.atlassian.net'
        : 'https://example.service-now.com',
      authConfiguration: {
        basicAuthConfiguration: {
          secretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-AbCdEf`,
          roleArn: `arn:aws:iam::${accountId}:role/${name}-plugin`,
        },
      },
      state: 'ENABLED',
      build: { pending: 'READY', final: 'READY', settlesAt: SEEDED_AT },
      buildProblems: [],
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    };
    application.plugins.set(pluginId, plugin);
  }
  return { applications: new Map([[applicationId, application]]), ids };
}
