/**
 * The state machine that runs a bulk job, written once here: the CDK stack deploys it (with the
 * task function's ARN substituted for TASK_FUNCTION) and the local runner executes the very same
 * JSON, so what the tests exercise is what runs in AWS.
 *
 *   ListLanes ─▶ Lanes (Distributed Map over accounts × Regions) ─▶ FinishJob
 *                 └ per lane: RunLane ─▶ MoreInLane? ─▶ RunLane … ─▶ LaneDone
 *
 * One lane is one account and Region, and runs as one loop of RunLane tasks: so the EC2 token
 * buckets of an account and Region are only ever drawn on by BULK_LANE_CONCURRENCY requests,
 * whatever the size of the job, while all lanes run side by side (MaxConcurrency). RunLane hands
 * back before the Lambda's timeout with what remains; the Choice loops. Throttling past the SDK's
 * retries comes back as BulkLaneBackOff and is retried with exponential back-off and jitter; a
 * lane that still cannot finish is caught, so it never stops the other lanes, and FinishJob marks
 * what it left as failed.
 */
/** Step Functions' definition substitution for the task function's ARN, filled in by the stack. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Step Functions substitution, not a template
export const TASK_FUNCTION = '${BulkTaskFunctionArn}';

/** Names of the task states, which the local runner binds to the task code. */
export const TASK_STATES = { lanes: 'ListLanes', runLane: 'RunLane', finish: 'FinishJob' } as const;

/** Lanes run at once. Distributed Map allows up to 10,000 child executions at a time. */
export const MAX_LANES_AT_ONCE = 1000;

/** Lambda's own transient failures, retried as AWS recommends for Lambda tasks. */
const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 6,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/** The definition as the JSON text Step Functions takes; both the stack and the local runner use it. */
export function bulkStateMachineJson(taskResource: string = TASK_FUNCTION): string {
  return JSON.stringify(bulkStateMachineDefinition(taskResource), null, 2);
}

export function bulkStateMachineDefinition(taskResource: string = TASK_FUNCTION) {
  return {
    Comment:
      'Bulk remediation job: each target is one ordinary remediation through the write pipeline; lanes are accounts × Regions.',
    StartAt: TASK_STATES.lanes,
    States: {
      [TASK_STATES.lanes]: {
        Type: 'Task',
        Resource: taskResource,
        Parameters: { task: 'lanes', 'jobId.$': '$.jobId' },
        ResultPath: '$.lanes',
        Retry: [LAMBDA_RETRY],
        Next: 'Lanes',
      },
      Lanes: {
        Type: 'Map',
        ItemsPath: '$.lanes',
        ItemSelector: {
          'jobId.$': '$.jobId',
          'accountId.$': '$$.Map.Item.Value.accountId',
          'region.$': '$$.Map.Item.Value.region',
        },
        MaxConcurrency: MAX_LANES_AT_ONCE,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: TASK_STATES.runLane,
          States: {
            [TASK_STATES.runLane]: {
              Type: 'Task',
              Resource: taskResource,
              Parameters: {
                task: 'runLane',
                'jobId.$': '$.jobId',
                'accountId.$': '$.accountId',
                'region.$': '$.region',
              },
              ResultPath: '$.progress',
              Retry: [
                {
                  ErrorEquals: ['BulkLaneBackOff'],
                  IntervalSeconds: 1,
                  MaxAttempts: 8,
                  BackoffRate: 2,
                  MaxDelaySeconds: 30,
                  JitterStrategy: 'FULL',
                },
                LAMBDA_RETRY,
              ],
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'LaneGaveUp' }],
              Next: 'MoreInLane',
            },
            MoreInLane: {
              Type: 'Choice',
              Choices: [
                {
                  Variable: '$.progress.remaining',
                  NumericGreaterThan: 0,
                  Next: TASK_STATES.runLane,
                },
              ],
              Default: 'LaneDone',
            },
            LaneGaveUp: { Type: 'Pass', End: true },
            LaneDone: { Type: 'Succeed' },
          },
        },
        ResultPath: null,
        Next: TASK_STATES.finish,
      },
      [TASK_STATES.finish]: {
        Type: 'Task',
        Resource: taskResource,
        Parameters: { task: 'finish', 'jobId.$': '$.jobId' },
        Retry: [LAMBDA_RETRY],
        End: true,
      },
    },
  };
}
