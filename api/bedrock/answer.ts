import type { BedrockActionGroupEvent, BedrockActionGroupResponse } from './event.js';

/**
 * Bedrock agents take about 25 KB of response from a Lambda (commonly cited; not confirmed in
 * AWS's documentation); the body stays under 24 KB so the envelope around it fits too.
 */
export const MAX_BODY_BYTES = 24 * 1024;

/** Fields that are the answer itself: never trimmed. */
const KEPT = new Set([
  'summary',
  'outcome',
  'remediationId',
  'operation',
  'dryRun',
  'target',
  'requestedBy',
  'ticket',
  'reason',
  'message',
]);
const STEP_DESCRIPTION_CHARS = 200;

/**
 * The body an agent reads: the summary first (the model reads it before anything else), then the
 * outcome and the remediation id, then the rest. Above `maxBytes` it trims, in order: `details`,
 * each step's description, the steps past the first few, then the largest other fields; what was
 * trimmed is said in `trimmed`, with where the full record is. The outcome, the summary and the
 * remediation id are never cut.
 */
export function answerBody(answer: Record<string, unknown>, maxBytes = MAX_BODY_BYTES): string {
  const { summary, outcome, remediationId, ...rest } = answer;
  let body: Record<string, unknown> = {
    ...(summary !== undefined ? { summary } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(remediationId !== undefined ? { remediationId } : {}),
    ...rest,
  };
  const fits = () => Buffer.byteLength(JSON.stringify(body)) <= maxBytes;
  if (fits()) return JSON.stringify(body);
  const trimmed: string[] = [];
  const note = () => ({
    trimmed: `To fit the agent's answer size, this answer leaves out: ${trimmed.join('; ')}.${
      remediationId ? ` The full record: GET /remediations/${String(remediationId)}.` : ''
    }`,
  });
  const withNote = () => ({ ...body, ...note() });
  const fitsWithNote = () => Buffer.byteLength(JSON.stringify(withNote())) <= maxBytes;

  if ('details' in body) {
    const { details: _details, ...withoutDetails } = body;
    body = withoutDetails;
    trimmed.push('the details');
    if (fitsWithNote()) return JSON.stringify(withNote());
  }
  if (Array.isArray(body.steps)) {
    body.steps = body.steps.map((step) =>
      step && typeof step === 'object' && typeof step.description === 'string'
        ? { ...step, description: cut(step.description, STEP_DESCRIPTION_CHARS) }
        : step,
    );
    trimmed.push(`step descriptions past ${STEP_DESCRIPTION_CHARS} characters`);
    if (fitsWithNote()) return JSON.stringify(withNote());
    const steps = body.steps as unknown[];
    let kept = steps.length;
    while (kept > 1 && !fitsWithNote()) {
      kept = Math.floor(kept / 2);
      body.steps = steps.slice(0, kept);
      trimmed[trimmed.length - 1] =
        `step descriptions past ${STEP_DESCRIPTION_CHARS} characters, and ${steps.length - kept} of ${steps.length} steps`;
    }
    if (fitsWithNote()) return JSON.stringify(withNote());
  }
  const others = Object.keys(body)
    .filter((key) => !KEPT.has(key))
    .sort(
      (a, b) =>
        Buffer.byteLength(JSON.stringify(body[b] ?? null)) -
        Buffer.byteLength(JSON.stringify(body[a] ?? null)),
    );
  for (const key of others) {
    delete body[key];
    trimmed.push(`the field ${key}`);
    if (fitsWithNote()) break;
  }
  return JSON.stringify(withNote());
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** The response shape Bedrock expects from an action group's Lambda, echoing the session. */
export function bedrockResponse(
  event: BedrockActionGroupEvent,
  httpStatusCode: number,
  body: string,
): BedrockActionGroupResponse {
  return {
    messageVersion: '1.0',
    response: {
      actionGroup: event.actionGroup,
      apiPath: event.apiPath,
      httpMethod: event.httpMethod,
      httpStatusCode,
      responseBody: { 'application/json': { body } },
    },
    sessionAttributes: event.sessionAttributes ?? {},
    promptSessionAttributes: event.promptSessionAttributes ?? {},
  };
}
