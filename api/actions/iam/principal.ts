import type { Tag } from '@aws-sdk/client-iam';

/** An IAM user or role as protection and the summaries need it. */
export interface Principal {
  kind: 'user' | 'role';
  name: string;
  arn: string;
  path: string;
  createDate?: Date;
  tags: Record<string, string>;
}

/** IAM's tag list as a map, the form protection checks read. */
export function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}
