import type { CreatePluginRequest, UpdatePluginRequest } from '@aws-sdk/client-qbusiness';
import { serialize } from '../openapi/document.js';
import type { PluginConfig } from './config.js';

type Document = Record<string, unknown>;

/**
 * The OpenAPI document as registered: `servers` is the deployed API (the document the API serves
 * locally names its own address), and the OAuth URLs are the Cognito domain's.
 */
export function documentForPlugin(document: Document, config: PluginConfig): Document {
  const { apiUrl, cognitoDomainUrl } = config.plugin;
  const copy = structuredClone(document);
  copy.servers = [{ url: apiUrl }];
  const components = (copy.components ?? {}) as Document;
  const schemes = (components.securitySchemes ?? {}) as Record<string, Document>;
  for (const scheme of Object.values(schemes)) {
    const flow = (scheme.flows as Document | undefined)?.authorizationCode as Document | undefined;
    if (scheme.type === 'oauth2' && flow) {
      flow.authorizationUrl = `${cognitoDomainUrl}/oauth2/authorize`;
      flow.tokenUrl = `${cognitoDomainUrl}/oauth2/token`;
    }
  }
  return copy;
}

/** The fields CreatePlugin and UpdatePlugin share; an inline payload makes every update rebuild. */
function pluginFields(config: PluginConfig, payload: string) {
  const { cognitoDomainUrl, secretArn, roleArn, description } = config.plugin;
  return {
    authConfiguration: {
      oAuth2ClientCredentialConfiguration: {
        secretArn,
        roleArn,
        authorizationUrl: `${cognitoDomainUrl}/oauth2/authorize`,
        tokenUrl: `${cognitoDomainUrl}/oauth2/token`,
      },
    },
    customPluginConfiguration: {
      description,
      apiSchemaType: 'OPEN_API_V3' as const,
      apiSchema: { payload },
    },
  };
}

export function createPluginRequest(config: PluginConfig, document: Document): CreatePluginRequest {
  return {
    applicationId: config.applicationId,
    displayName: config.plugin.displayName,
    type: 'CUSTOM',
    ...pluginFields(config, serialize(document)),
  };
}

export function updatePluginRequest(
  config: PluginConfig,
  document: Document,
  pluginId: string,
): UpdatePluginRequest {
  return {
    applicationId: config.applicationId,
    pluginId,
    displayName: config.plugin.displayName,
    state: 'ENABLED',
    ...pluginFields(config, serialize(document)),
  };
}
