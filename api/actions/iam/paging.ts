import type { IAMClient } from '@aws-sdk/client-iam';
import { translateAwsError } from '../../aws/aws-error.js';

/**
 * IAM's largest page. Without MaxItems IAM answers at most 100 items a page; asking for the most
 * saves a round trip per extra page. Pages can still come back short, so every page is followed.
 */
export const MAX_ITEMS = 1000;

export const paging = (client: IAMClient) => ({ client, pageSize: MAX_ITEMS });

/** Reads every page (the SDK paginators follow Marker while IsTruncated). */
export async function collect<Page, Item>(
  operation: string,
  pages: AsyncIterable<Page>,
  pick: (page: Page) => Item[],
): Promise<Item[]> {
  const items: Item[] = [];
  try {
    for await (const page of pages) items.push(...pick(page));
  } catch (error) {
    throw translateAwsError(operation, error);
  }
  return items;
}
