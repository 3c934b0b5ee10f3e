import type { BedrockActionGroupEvent, BedrockValue } from '../../../api/bedrock/event.js';

/**
 * Action-group events as Amazon Bedrock Agents send them to Lambda (messageVersion 1.0, an
 * OpenAPI-schema action group): every value is text, typed by the schema the agent read.
 */
export function actionGroupEvent(options: {
  apiPath: string;
  httpMethod: 'GET' | 'POST';
  actionGroup?: string;
  parameters?: Record<string, string | number | boolean>;
  body?: Record<string, string | number | boolean>;
  accessToken?: string;
  confirmationState?: 'CONFIRM' | 'DENY';
}): BedrockActionGroupEvent {
  const values = (fields: Record<string, string | number | boolean>): BedrockValue[] =>
    Object.entries(fields).map(([name, value]) => ({
      name,
      type: typeof value === 'number' ? 'integer' : typeof value,
      value: String(value),
    }));
  return {
    messageVersion: '1.0',
    agent: { name: 'security-assistant', id: 'AGENT12345', alias: 'TSTALIASID', version: 'DRAFT' },
    inputText: 'Close SSH on the web front end',
    sessionId: '111122223333-session',
    actionGroup: options.actionGroup ?? (options.httpMethod === 'GET' ? 'inspect' : 'remediate'),
    apiPath: options.apiPath,
    httpMethod: options.httpMethod,
    ...(options.parameters ? { parameters: values(options.parameters) } : {}),
    ...(options.body
      ? { requestBody: { content: { 'application/json': { properties: values(options.body) } } } }
      : {}),
    sessionAttributes: {
      ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
      team: 'incident-response',
    },
    promptSessionAttributes: { currentTicket: 'SEC-101' },
    ...(options.confirmationState ? { confirmationState: options.confirmationState } : {}),
  };
}
