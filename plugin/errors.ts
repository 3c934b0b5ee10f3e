/** A failure the person running the tool can fix; the message says how. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

/** The command line itself is wrong (exit code 2, with the usage). */
export class UsageError extends ToolError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  fields?: Array<{ name?: string; message?: string }>;
  resourceType?: string;
  $metadata?: { httpStatusCode?: number };
}

export interface ErrorContext {
  /** The Q Business operation that failed, e.g. `CreatePlugin`. */
  operation: string;
  endpoint?: string;
  sandbox: boolean;
}

/**
 * Translates what the SDK throws into a sentence that names the fix. Anything not recognised
 * keeps its own message, prefixed with the operation, rather than being swallowed.
 */
export function explainAwsError(error: unknown, context: ErrorContext): ToolError {
  if (error instanceof ToolError) return error;
  const e = (error ?? {}) as AwsLikeError;
  const name = e.name ?? '';
  const message = e.message ?? String(error);
  const call = `Q Business ${context.operation}`;
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) {
    return new ToolError(
      context.sandbox
        ? `Nothing answers at ${context.endpoint}: start the sandbox with \`npm start\` in another terminal, or set QBUSINESS_APPLICATION_ID (and credentials) to use Amazon Q Business in AWS.`
        : `Nothing answers at ${context.endpoint ?? 'the Q Business endpoint'}: check AWS_ENDPOINT_URL and AWS_REGION.`,
    );
  }
  if (name === 'CredentialsProviderError') {
    return new ToolError(
      'No AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for the account that owns the Q Business application.',
    );
  }
  switch (name) {
    case 'ResourceNotFoundException': {
      const hint =
        e.resourceType === 'Index'
          ? 'Check QBUSINESS_INDEX_ID.'
          : e.resourceType === 'Application'
            ? 'Check QBUSINESS_APPLICATION_ID and AWS_REGION.'
            : 'Run the command again; the tool looks resources up by name each time.';
      return new ToolError(`${call} failed: ${message} ${hint}`);
    }
    case 'AccessDeniedException':
      return new ToolError(
        `${call} was denied: ${message} Give the caller qbusiness:${context.operation}${context.operation.endsWith('Plugin') ? ' and iam:PassRole on PLUGIN_ROLE_ARN' : ''}.`,
      );
    case 'ValidationException': {
      const fields = (e.fields ?? []).map((field) => `\n  - ${field.name}: ${field.message}`);
      return new ToolError(`${call} rejected the request: ${message}${fields.join('')}`);
    }
    case 'ThrottlingException':
    case 'InternalServerException':
      return new ToolError(
        `${call} failed (${name}: ${message}). Run the same command again; it picks up where it stopped.`,
      );
    case 'ServiceQuotaExceededException':
    case 'ConflictException':
      return new ToolError(`${call} failed: ${message}`);
    default:
      return new ToolError(
        `${call} failed (${name || 'error'}${e.$metadata?.httpStatusCode ? `, HTTP ${e.$metadata.httpStatusCode}` : ''}): ${message} Run the same command again; if it keeps failing, check the endpoint, region and credentials.`,
      );
  }
}
