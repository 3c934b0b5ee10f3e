import type { FastifyBaseLogger } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { ActionContext, ReadAction } from '../actions/define.js';
import type { Requester } from '../auth/requester.js';
import { AwsCallError } from '../errors.js';
import type { PolicyReference } from '../policy/catalog.js';
import { readFailure } from './read-failure.js';
import { ALLOW_LIST_UNAVAILABLE, targetRefusal } from './words.js';
import type { PipelineDependencies } from './write-pipeline.js';

export interface ReadRequest<Output extends TObject = TObject> {
  action: ReadAction<TObject, Output>;
  /** Validated against `action.input` by the door. */
  input: Record<string, unknown>;
  requester: Requester;
  log: FastifyBaseLogger;
}

/** The action's output when it answered; only why not when it did not. */
export type ReadAnswer<Output = Record<string, unknown>> = {
  summary: string;
  policyReferences: PolicyReference[];
} & ((Output & { outcome: 'answered' }) | { outcome: 'refused' | 'failed' });

/**
 * A read: allow-list, then the action's run. A target this deployment may not read, or AWS
 * refusing to answer, is a 2XX answer an analyst can read in the chat (which shows no 4XX/5XX
 * body); the log keeps AWS's code and request id at warn.
 */
export async function runRead<Output extends TObject>(
  deps: PipelineDependencies,
  request: ReadRequest<Output>,
): Promise<ReadAnswer<Static<Output>>> {
  const { action, input, requester, log } = request;
  const policyReferences = action.controls.map((id) => deps.policy.reference(id));
  const target = action.target(input);
  let allowedAccounts: readonly string[];
  try {
    allowedAccounts = await deps.aws.allowedAccounts();
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    log.warn({ err: error, operation: action.name }, 'allow-list unavailable; read not run');
    return { outcome: 'failed', summary: ALLOW_LIST_UNAVAILABLE, policyReferences };
  }
  const refusal = targetRefusal(deps.config, target, allowedAccounts);
  if (refusal) {
    log.warn(
      { operation: action.name, target, requester: requester.name },
      'read refused: target not allowed',
    );
    return { outcome: 'refused', summary: refusal, policyReferences };
  }
  const context: ActionContext = {
    config: deps.config,
    aws: deps.aws.forRequester(requester),
    requester,
    log,
    get audit() {
      return deps.audit;
    },
    remediationId: '',
    now: () => new Date(),
  };
  try {
    const result = await action.run(context, input);
    return {
      ...result,
      outcome: 'answered',
      summary: String(result.summary ?? ''),
      policyReferences,
    };
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    log.warn(
      {
        operation: action.name,
        awsOperation: error.operation,
        awsCode: error.awsCode,
        awsRequestId: error.awsRequestId,
      },
      'AWS read failed',
    );
    return { outcome: 'failed', summary: readFailure(error, target), policyReferences };
  }
}
