import { DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Deletes a requests-table item (an idempotency key or a resource lock) only while the given
 * remediation still owns it. A failure is ignored on purpose: an item left in place frees itself
 * (a key expires with its TTL, a lock with its lease), and a request that gets here has already
 * answered or is about to.
 */
export async function releaseOwned(
  client: DynamoDBClient,
  tableName: string,
  pk: string,
  remediationId: string,
): Promise<void> {
  try {
    await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: pk } },
        ConditionExpression: 'remediationId = :id',
        ExpressionAttributeValues: { ':id': { S: remediationId } },
      }),
    );
  } catch {
    // Not ours any more, or the table is unreachable: the TTL or the lease frees it.
  }
}
