import { isObject, type Json } from './checks.js';
import { notFound, Problems, QBusinessError } from './errors.js';
import type { QApplication, QBusinessState, QIndex } from './state.js';

/** Everything one Q Business operation needs to answer a call. */
export interface QContext {
  state: QBusinessState;
  accountId: string;
  region: string;
  now: Date;
  /** Values of the `{label}`s in the path template. */
  labels: Record<string, string>;
  query: URLSearchParams;
  body: Json;
  /** Page size for list calls made without maxResults (the sandbox's page-size knob). */
  defaultPageSize?: number;
}

/** Answers the body of a 200, or undefined for an empty `{}`. */
export type QOperation = (context: QContext) => Json | undefined;

/** Applications are regional and belong to one account: anyone else gets a 404, as in AWS. */
export function applicationOf(context: QContext): QApplication {
  const id = context.labels.applicationId ?? '';
  const application = context.state.applications.get(id);
  if (!application || application.accountId !== context.accountId) {
    throw notFound(
      'Application',
      id,
      `The application ${id} was not found in account ${context.accountId} in ${context.region}. Check the application id.`,
    );
  }
  if (application.region !== context.region) {
    throw notFound(
      'Application',
      id,
      `The application ${id} is not in ${context.region}; it lives in ${application.region}.`,
    );
  }
  return application;
}

export function indexOf(context: QContext): { application: QApplication; index: QIndex } {
  const application = applicationOf(context);
  const id = context.labels.indexId ?? '';
  const index = application.indices.get(id);
  if (!index)
    throw notFound(
      'Index',
      id,
      `The index ${id} was not found in application ${application.applicationId}.`,
    );
  return { application, index };
}

/** JSON timestamps: REST-JSON sends epoch seconds. */
export const seconds = (date: Date | undefined) =>
  date === undefined ? undefined : date.getTime() / 1000;

/**
 * One page of `items`. The token is opaque to callers; a tampered one is rejected, and so is a
 * maxResults outside the operation's range. maxResults is a ceiling, as in AWS: the page-size knob
 * may answer fewer, so callers that ignore nextToken miss items in tests.
 */
export function page<T>(context: QContext, items: T[], maxAllowed: number) {
  const problems = new Problems();
  const rawMax = context.query.get('maxResults');
  let size = context.defaultPageSize ?? maxAllowed;
  if (rawMax !== null) {
    const value = Number(rawMax);
    if (!Number.isInteger(value) || value < 1 || value > maxAllowed) {
      problems.add('maxResults', `Member must have value between 1 and ${maxAllowed}`);
    } else size = Math.min(value, context.defaultPageSize ?? value);
  }
  const token = context.query.get('nextToken');
  let start = 0;
  if (token !== null) {
    const decoded = /^page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) problems.add('nextToken', 'The pagination token is invalid or expired');
    else start = Number(decoded[1]);
  }
  problems.throwIfAny();
  const end = start + size;
  const nextToken =
    end < items.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined;
  return { items: items.slice(start, end), nextToken };
}

export function requireObject(body: Json, name: string): Json {
  const value = body[name];
  if (!isObject(value)) {
    throw new QBusinessError(
      'ValidationException',
      `Input validation failed. ${name}: Member must not be null`,
      400,
      {
        reason: 'FIELD_VALIDATION_FAILED',
        fields: [{ name, message: 'Member must not be null' }],
      },
    );
  }
  return value;
}
