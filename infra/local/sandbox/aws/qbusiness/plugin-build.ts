import { checkPluginRules } from '../../../../../openapi/plugin-rules.js';
import { isObject } from './checks.js';
import type { QPlugin } from './state.js';

/**
 * What building a custom plugin finds wrong with it. The service reads the schema when it builds
 * the plugin, after CreatePlugin or UpdatePlugin answered, so these problems surface as
 * CREATE_FAILED / UPDATE_FAILED rather than as an error to the call.
 */
export function buildProblems(plugin: Pick<QPlugin, 'type' | 'customPluginConfiguration'>) {
  const configuration = plugin.customPluginConfiguration;
  if (plugin.type !== 'CUSTOM' || !configuration) return [];
  const { payload, s3 } = configuration.apiSchema;
  if (s3) {
    return [
      `The sandbox cannot read schemas from S3 (s3://${s3.bucket}/${s3.key}); send the schema inline as apiSchema.payload.`,
    ];
  }
  let document: unknown;
  try {
    document = JSON.parse(payload ?? '');
  } catch {
    return ['The API schema is not valid JSON (the sandbox reads JSON schemas only).'];
  }
  if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) {
    return ['The API schema is not an OpenAPI document: it needs "openapi" and "paths".'];
  }
  return checkPluginRules(document);
}
