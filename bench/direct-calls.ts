import {
  DescribeSecurityGroupsCommand,
  paginateDescribeSecurityGroupRules,
} from '@aws-sdk/client-ec2';
import type { Requester } from '../api/auth/requester.js';
import { AwsClientFactory } from '../api/aws/clients.js';
import type { Config } from '../api/config.js';
import { type LoadResult, summarize } from './load-result.js';

export interface GroupTarget {
  accountId: string;
  region: string;
  groupId: string;
}

/**
 * getSecurityGroup's two EC2 calls, made directly with the SDK through the API's own
 * AwsClientFactory: the same AssumeRole into the member account (cached the same way), the same
 * client settings. `connections` workers each make the next pair when the last one answered.
 */
export function directCalls(config: Config, requester: Requester, target: GroupTarget) {
  const ec2 = new AwsClientFactory(config)
    .forRequester(requester)
    .ec2(target.accountId, target.region);
  const once = async () => {
    const rules = async () => {
      const pages = paginateDescribeSecurityGroupRules(
        { client: ec2 },
        { Filters: [{ Name: 'group-id', Values: [target.groupId] }] },
      );
      for await (const _page of pages);
    };
    await Promise.all([
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [target.groupId] })),
      rules(),
    ]);
  };
  return async (connections: number, requests = 2000, warmup = 200): Promise<LoadResult> => {
    for (let i = 0; i < warmup; i += 1) await once();
    const latencies: number[] = [];
    let issued = 0;
    const worker = async () => {
      while (issued < requests) {
        issued += 1;
        const t0 = process.hrtime.bigint();
        await once();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: connections }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return summarize('getSecurityGroup, SDK direct', latencies, seconds);
  };
}
