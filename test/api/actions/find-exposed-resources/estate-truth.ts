import type { Sandbox } from '../../../../infra/local/sandbox/server.js';

export interface TruthGroup {
  key: string;
  accountId: string;
  region: string;
  groupId: string;
  protected: boolean;
  /** Ports of world-open rules: a number, or -1 for all traffic, or [from, to]. */
  openPorts: Array<{ protocol: string; from: number; to: number }>;
  interfaces: number;
  instances: string[];
}

/**
 * What a scan must find, read straight from the sandbox's world: every group with an inbound
 * rule whose source is exactly 0.0.0.0/0 or ::/0, in the given accounts and regions.
 */
export function exposedGroups(
  sandbox: Sandbox,
  accounts: readonly string[],
  regions: readonly string[],
  port?: number,
): TruthGroup[] {
  const found: TruthGroup[] = [];
  for (const accountId of accounts) {
    const account = sandbox.world.accounts.get(accountId);
    for (const region of regions) {
      const state = account?.ec2.get(region);
      for (const group of state?.securityGroups.values() ?? []) {
        const open = group.rules.filter(
          (rule) =>
            !rule.isEgress &&
            (rule.peer.kind === 'ipv4' || rule.peer.kind === 'ipv6') &&
            ['0.0.0.0/0', '::/0'].includes(rule.peer.cidr),
        );
        const covers = (rule: (typeof open)[number], p: number) =>
          rule.ipProtocol === '-1' ||
          (['tcp', 'udp'].includes(rule.ipProtocol) && rule.fromPort <= p && p <= rule.toPort);
        if (open.length === 0) continue;
        if (port !== undefined && !open.some((rule) => covers(rule, port))) continue;
        const interfaces = [...(state?.networkInterfaces.values() ?? [])].filter((eni) =>
          eni.groupIds.includes(group.groupId),
        );
        found.push({
          key: `${accountId}/${region}/${group.groupId}`,
          accountId,
          region,
          groupId: group.groupId,
          protected: group.tags.some((tag) => tag.key === 'remediation:protected'),
          openPorts: open.map((rule) => ({
            protocol: rule.ipProtocol,
            from: rule.fromPort,
            to: rule.toPort,
          })),
          interfaces: interfaces.length,
          instances: [
            ...new Set(interfaces.flatMap((eni) => eni.attachment?.instanceId ?? [])),
          ].sort(),
        });
      }
    }
  }
  return found;
}
