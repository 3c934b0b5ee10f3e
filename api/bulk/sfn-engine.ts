import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { translateAwsError } from '../aws/aws-error.js';
import type { BulkEngine } from './engine.js';
import type { BulkJob } from './job.js';

/**
 * Jobs on the Step Functions state machine of the security stack (BULK_STATE_MACHINE_ARN). Each
 * run is an execution named after the job and its run number, so a repeated start of the same
 * run is refused by Step Functions instead of running twice.
 */
export class StepFunctionsEngine implements BulkEngine {
  constructor(
    private readonly stateMachineArn: string,
    private readonly client = new SFNClient({ maxAttempts: 4, retryMode: 'adaptive' }),
  ) {}

  async start(job: BulkJob): Promise<string> {
    try {
      const { executionArn } = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: `${job.jobId}-${job.runs + 1}`,
          input: JSON.stringify({ jobId: job.jobId }),
        }),
      );
      return executionArn ?? '';
    } catch (error) {
      throw translateAwsError('states:StartExecution', error);
    }
  }

  async isRunning(job: BulkJob): Promise<boolean> {
    if (!job.executionId) return false;
    try {
      const { status } = await this.client.send(
        new DescribeExecutionCommand({ executionArn: job.executionId }),
      );
      return status === 'RUNNING' || status === 'PENDING_REDRIVE';
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return false;
      throw translateAwsError('states:DescribeExecution', error);
    }
  }
}
