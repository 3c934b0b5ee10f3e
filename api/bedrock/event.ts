/**
 * What an Amazon Bedrock agent sends the Lambda function of an action group defined by an OpenAPI
 * schema, and what it expects back (messageVersion 1.0, "Configure Lambda functions to send
 * information that an Amazon Bedrock agent elicits from the user"). Every value arrives as text.
 * Kept free of imports: api/lambda.ts reads `isBedrockEvent` on every invocation.
 */
export interface BedrockValue {
  name: string;
  /** The schema type the agent read: string, number, integer, boolean, array. */
  type: string;
  value: string;
}

export interface BedrockActionGroupEvent {
  messageVersion: string;
  agent: { name: string; id: string; alias: string; version: string };
  inputText?: string;
  sessionId?: string;
  actionGroup: string;
  apiPath: string;
  httpMethod: string;
  parameters?: BedrockValue[];
  requestBody?: { content: Record<string, { properties: BedrockValue[] }> };
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
  /** Set when the operation has x-requireConfirmation: ENABLED and the user answered. */
  confirmationState?: 'CONFIRM' | 'DENY';
}

export interface BedrockActionGroupResponse {
  messageVersion: '1.0';
  response: {
    actionGroup: string;
    apiPath: string;
    httpMethod: string;
    httpStatusCode: number;
    responseBody: { 'application/json': { body: string } };
  };
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
}

/**
 * The session attribute holding the person's Cognito access token. The application that invokes
 * the agent puts it there (InvokeAgent `sessionState.sessionAttributes`); the agent never sees it
 * in a prompt, and the handler never returns it.
 */
export const ACCESS_TOKEN_ATTRIBUTE = 'accessToken';

/** An action-group invocation, as opposed to an API Gateway proxy event. */
export function isBedrockEvent(event: unknown): event is BedrockActionGroupEvent {
  if (!event || typeof event !== 'object') return false;
  const fields = event as Record<string, unknown>;
  return (
    typeof fields.messageVersion === 'string' &&
    typeof fields.actionGroup === 'string' &&
    typeof fields.apiPath === 'string' &&
    typeof fields.httpMethod === 'string'
  );
}
