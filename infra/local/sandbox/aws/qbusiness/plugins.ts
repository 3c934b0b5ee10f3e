import {
  isObject,
  type Json,
  NAME_PATTERN,
  oneOf,
  ROLE_ARN,
  SECRET_ARN,
  text,
  URL_PATTERN,
  unionMember,
} from './checks.js';
import { applicationOf, page, type QContext, type QOperation, seconds } from './context.js';
import { conflict, notFound, Problems, quotaExceeded } from './errors.js';
import { buildProblems } from './plugin-build.js';
import { type QApplication, type QPlugin, settlesAfter, statusAt } from './state.js';

const MAX_PLUGINS = 25;
const PLUGIN_TYPES = [
  'SERVICE_NOW',
  'SALESFORCE',
  'JIRA',
  'ZENDESK',
  'CUSTOM',
  'QUICKSIGHT',
  'SERVICENOW_NOW_PLATFORM',
  'JIRA_CLOUD',
  'SALESFORCE_CRM',
  'ZENDESK_SUITE',
  'ATLASSIAN_CONFLUENCE',
  'GOOGLE_CALENDAR',
  'MICROSOFT_TEAMS',
  'MICROSOFT_EXCHANGE',
  'PAGERDUTY_ADVANCE',
  'SMARTSHEET',
  'ASANA',
] as const;
const AUTH_MEMBERS = [
  'basicAuthConfiguration',
  'oAuth2ClientCredentialConfiguration',
  'noAuthConfiguration',
  'idcAuthConfiguration',
] as const;

export const createPlugin: QOperation = (context) => {
  const application = applicationOf(context);
  const problems = new Problems();
  const body = context.body;
  const displayName = text(problems, 'displayName', body.displayName, {
    required: true,
    min: 1,
    max: 100,
    pattern: NAME_PATTERN,
  });
  const type = oneOf(problems, 'type', body.type, PLUGIN_TYPES, true);
  const authConfiguration = checkAuth(problems, body.authConfiguration);
  const custom = checkCustom(problems, type, body.customPluginConfiguration, true);
  const serverUrl = text(problems, 'serverUrl', body.serverUrl, {
    required: type !== undefined && type !== 'CUSTOM',
    min: 1,
    max: 2048,
    pattern: URL_PATTERN,
  });
  problems.throwIfAny();
  if (application.plugins.size >= MAX_PLUGINS) {
    throw quotaExceeded(
      'Plugin',
      application.applicationId,
      `The application already has ${MAX_PLUGINS} plugins, the most it may have. Delete a plugin first.`,
    );
  }
  const pluginId = context.state.ids.next('plugin');
  const plugin: QPlugin = {
    pluginId,
    pluginArn: `${application.applicationArn}/plugin/${pluginId}`,
    displayName: displayName as string,
    type: type as string,
    ...(serverUrl ? { serverUrl } : {}),
    authConfiguration: authConfiguration as Json,
    ...(custom ? { customPluginConfiguration: custom } : {}),
    state: 'ENABLED',
    build: { pending: 'CREATE_IN_PROGRESS', final: 'READY', settlesAt: context.now },
    buildProblems: [],
    createdAt: context.now,
    updatedAt: context.now,
  };
  startBuild(plugin, 'CREATE', context.now);
  application.plugins.set(pluginId, plugin);
  return {
    pluginId,
    pluginArn: plugin.pluginArn,
    buildStatus: statusAt(plugin.build, context.now),
  };
};

export const updatePlugin: QOperation = (context) => {
  const { plugin } = pluginOf(context);
  const problems = new Problems();
  const body = context.body;
  const displayName = text(problems, 'displayName', body.displayName, {
    min: 1,
    max: 100,
    pattern: NAME_PATTERN,
  });
  const state = oneOf(problems, 'state', body.state, ['ENABLED', 'DISABLED'] as const);
  const authConfiguration =
    body.authConfiguration === undefined ? undefined : checkAuth(problems, body.authConfiguration);
  const custom = checkCustom(problems, plugin.type, body.customPluginConfiguration, false);
  const serverUrl = text(problems, 'serverUrl', body.serverUrl, {
    min: 1,
    max: 2048,
    pattern: URL_PATTERN,
  });
  problems.throwIfAny();
  const status = statusAt(plugin.build, context.now);
  if (status.endsWith('_IN_PROGRESS')) {
    throw conflict(
      'Plugin',
      plugin.pluginId,
      `The plugin ${plugin.pluginId} is being built (${status}); update it once its buildStatus is READY or failed.`,
    );
  }
  const rebuild = Boolean(displayName || authConfiguration || custom || serverUrl);
  if (displayName) plugin.displayName = displayName;
  if (authConfiguration) plugin.authConfiguration = authConfiguration;
  if (custom) plugin.customPluginConfiguration = custom;
  if (serverUrl) plugin.serverUrl = serverUrl;
  if (state) plugin.state = state;
  plugin.updatedAt = context.now;
  if (rebuild) startBuild(plugin, 'UPDATE', context.now);
  return undefined;
};

export const getPlugin: QOperation = (context) => {
  const { application, plugin } = pluginOf(context);
  return {
    applicationId: application.applicationId,
    pluginId: plugin.pluginId,
    displayName: plugin.displayName,
    type: plugin.type,
    serverUrl: plugin.serverUrl,
    authConfiguration: plugin.authConfiguration,
    customPluginConfiguration: plugin.customPluginConfiguration,
    buildStatus: statusAt(plugin.build, context.now),
    pluginArn: plugin.pluginArn,
    state: plugin.state,
    createdAt: seconds(plugin.createdAt),
    updatedAt: seconds(plugin.updatedAt),
  };
};

export const listPlugins: QOperation = (context) => {
  const application = applicationOf(context);
  const { items, nextToken } = page(context, [...application.plugins.values()], 50);
  return {
    plugins: items.map((plugin) => ({
      pluginId: plugin.pluginId,
      displayName: plugin.displayName,
      type: plugin.type,
      serverUrl: plugin.serverUrl,
      state: plugin.state,
      buildStatus: statusAt(plugin.build, context.now),
      createdAt: seconds(plugin.createdAt),
      updatedAt: seconds(plugin.updatedAt),
    })),
    nextToken,
  };
};

export const deletePlugin: QOperation = (context) => {
  const { application, plugin } = pluginOf(context);
  application.plugins.delete(plugin.pluginId);
  return undefined;
};

function pluginOf(context: QContext): { application: QApplication; plugin: QPlugin } {
  const application = applicationOf(context);
  const id = context.labels.pluginId ?? '';
  const plugin = application.plugins.get(id);
  if (!plugin) {
    throw notFound(
      'Plugin',
      id,
      `The plugin ${id} was not found in application ${application.applicationId}.`,
    );
  }
  return { application, plugin };
}

/** The build runs after the call answers; its verdict is decided now and shown once it settles. */
function startBuild(plugin: QPlugin, kind: 'CREATE' | 'UPDATE', now: Date) {
  const problems = buildProblems(plugin);
  plugin.buildProblems = problems;
  plugin.build = {
    pending: `${kind}_IN_PROGRESS`,
    final: problems.length > 0 ? `${kind}_FAILED` : 'READY',
    settlesAt: settlesAfter(now),
  };
}

function checkAuth(problems: Problems, value: unknown): Json | undefined {
  const member = unionMember(problems, 'authConfiguration', value, AUTH_MEMBERS);
  if (!member || !isObject(value)) return undefined;
  const config = value[member];
  const where = `authConfiguration.${member}`;
  if (!isObject(config)) {
    problems.add(where, 'Member must be a structure');
    return undefined;
  }
  const before = problems.count;
  const allowed: Record<string, string[]> = {
    basicAuthConfiguration: ['secretArn', 'roleArn'],
    oAuth2ClientCredentialConfiguration: ['secretArn', 'roleArn', 'authorizationUrl', 'tokenUrl'],
    noAuthConfiguration: [],
    idcAuthConfiguration: ['idcApplicationArn', 'roleArn'],
  };
  for (const key of Object.keys(config)) {
    if (!allowed[member]?.includes(key)) problems.add(`${where}.${key}`, 'Unknown member');
  }
  if (member === 'basicAuthConfiguration' || member === 'oAuth2ClientCredentialConfiguration') {
    text(problems, `${where}.secretArn`, config.secretArn, {
      required: true,
      max: 1284,
      pattern: SECRET_ARN,
    });
    text(problems, `${where}.roleArn`, config.roleArn, {
      required: true,
      max: 1284,
      pattern: ROLE_ARN,
    });
  }
  if (member === 'oAuth2ClientCredentialConfiguration') {
    for (const key of ['authorizationUrl', 'tokenUrl']) {
      text(problems, `${where}.${key}`, config[key], { min: 1, max: 2048, pattern: URL_PATTERN });
    }
  }
  if (member === 'idcAuthConfiguration') {
    text(problems, `${where}.idcApplicationArn`, config.idcApplicationArn, {
      required: true,
      min: 10,
      max: 1224,
    });
    text(problems, `${where}.roleArn`, config.roleArn, {
      required: true,
      max: 1284,
      pattern: ROLE_ARN,
    });
  }
  return problems.count === before ? { [member]: config } : undefined;
}

function checkCustom(
  problems: Problems,
  type: string | undefined,
  value: unknown,
  creating: boolean,
): QPlugin['customPluginConfiguration'] | undefined {
  const name = 'customPluginConfiguration';
  if (value === undefined || value === null) {
    if (creating && type === 'CUSTOM')
      problems.add(name, 'A CUSTOM plugin needs a customPluginConfiguration');
    return undefined;
  }
  if (type !== 'CUSTOM') {
    problems.add(name, `Only CUSTOM plugins take a customPluginConfiguration, this one is ${type}`);
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(name, 'Member must be a structure');
    return undefined;
  }
  const before = problems.count;
  const description = text(problems, `${name}.description`, value.description, {
    required: true,
    min: 1,
    max: 200,
  });
  const apiSchemaType = oneOf(
    problems,
    `${name}.apiSchemaType`,
    value.apiSchemaType,
    ['OPEN_API_V3'] as const,
    true,
  );
  const member = unionMember(problems, `${name}.apiSchema`, value.apiSchema, ['payload', 's3']);
  const schema = isObject(value.apiSchema) ? value.apiSchema : {};
  if (member === 'payload') {
    text(problems, `${name}.apiSchema.payload`, schema.payload, { required: true, min: 1 });
  } else if (member === 's3') {
    const s3 = isObject(schema.s3) ? schema.s3 : {};
    text(problems, `${name}.apiSchema.s3.bucket`, s3.bucket, { required: true, min: 1, max: 63 });
    text(problems, `${name}.apiSchema.s3.key`, s3.key, { required: true, min: 1, max: 1024 });
  }
  if (problems.count !== before) return undefined;
  return {
    description: description as string,
    apiSchemaType: apiSchemaType as string,
    apiSchema: schema as { payload?: string; s3?: { bucket: string; key: string } },
  };
}
