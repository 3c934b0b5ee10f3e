import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ColdStart {
  /** Loading the bundle (which builds the app) plus answering the first event, in ms. */
  ms: number;
  /** Start of a fresh `node` process to its exit, in ms. */
  processMs: number;
  statusCode: number;
  /** The answer's headers, as API Gateway would send them (e.g. Retry-After on a 503). */
  headers: Record<string, string>;
  body: string;
}

export interface EventOptions {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** An API Gateway REST (v1) proxy event, as the Lambda integration delivers it. */
export function restApiEvent(
  method: string,
  path: string,
  options: EventOptions = {},
): Record<string, unknown> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: 'api.example.com',
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const query = options.query ?? null;
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourcePath: path,
      httpMethod: method,
      path: `/prod${path}`,
      stage: 'prod',
      requestId: 'cold-start-check',
      identity: { sourceIp: '203.0.113.10' },
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

// Runs in the child: plain JavaScript, so nothing but node and the bundle is measured.
const CHILD = `
const start = performance.now();
const { handler } = await import(process.env.BUNDLE_URL);
const result = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'cold-start-check' });
const ms = performance.now() - start;
// A Bedrock action-group answer carries its status and body inside \`response\`.
const bedrock = result.response;
process.stdout.write(JSON.stringify({ ms, statusCode: result.statusCode ?? bedrock?.httpStatusCode, headers: result.headers ?? {}, body: result.body ?? bedrock?.responseBody?.['application/json']?.body }));
`;

/**
 * Loads a Lambda bundle in a fresh `node` process and answers one event, as a cold container
 * does. `env` is the whole child environment, so the caller's variables do not leak in.
 */
export async function measureColdStart(
  bundleFile: string,
  event: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<ColdStart> {
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '--no-warnings', '-e', CHILD],
    {
      env: {
        PATH: process.env.PATH ?? '',
        ...env,
        BUNDLE_URL: pathToFileURL(bundleFile).href,
        EVENT: JSON.stringify(event),
      },
      maxBuffer: 10 * 1024 * 1024,
      // A cold start takes about a second; a child that stalls must fail the caller, not hold it.
      timeout: 60_000,
      killSignal: 'SIGKILL',
    },
  );
  const processMs = performance.now() - started;
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  const result = JSON.parse(lastLine) as Omit<ColdStart, 'processMs'>;
  return { ...result, processMs };
}
