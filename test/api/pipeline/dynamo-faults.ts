import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Makes the audit tables' DynamoDB fail the writes `matches` picks, as a DynamoDB outage would:
 * a middleware on the SDK client the service uses, so the service's own code runs unchanged.
 * Returns a function that heals the table.
 */
export function failDynamoWrites(
  client: DynamoDBClient,
  matches: (command: string, input: Record<string, unknown>) => boolean,
): () => void {
  const name = `fail-writes-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (matches(String(context.commandName), input)) {
        throw Object.assign(new Error('Injected by the test: DynamoDB unavailable'), {
          name: 'InternalServerError',
          $fault: 'server',
        });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => client.middlewareStack.remove(name);
}

/** A trail append of a completion record. */
export const completionAppend = (command: string, input: Record<string, unknown>) =>
  command === 'PutItemCommand' &&
  JSON.stringify(input.Item ?? {}).includes('"recordType":{"S":"completion"}');

/** Storing the answer of an Idempotency-Key. */
export const keyCompletion = (command: string, input: Record<string, unknown>) =>
  command === 'UpdateItemCommand' && JSON.stringify(input).includes('":done"');
