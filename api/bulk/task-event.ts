/** What the state machine's task states send (Parameters in state-machine.ts). */
export type TaskEvent =
  | { task: 'lanes'; jobId: string }
  | { task: 'runLane'; jobId: string; accountId: string; region: string }
  | { task: 'finish'; jobId: string };

/** A state machine task event, told apart from API Gateway's and Bedrock's without loading anything. */
export function isBulkTaskEvent(event: unknown): event is TaskEvent {
  if (!event || typeof event !== 'object') return false;
  const { task, jobId } = event as Record<string, unknown>;
  return typeof jobId === 'string' && (task === 'lanes' || task === 'runLane' || task === 'finish');
}
