import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  coversPort,
  describePorts,
  type IngressRule,
  isWorldOpen,
  remainderOf,
} from '../../../../api/actions/security-group/rules.js';

const rule = (overrides: Partial<IngressRule>): IngressRule => ({
  ruleId: 'sgr-00000000000000001',
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  cidrIpv4: '0.0.0.0/0',
  ...overrides,
});

describe('which rules are open to the world', () => {
  it('counts only the exact world CIDRs, IPv4 and IPv6', () => {
    assert.equal(isWorldOpen(rule({})), true);
    assert.equal(isWorldOpen(rule({ cidrIpv4: undefined, cidrIpv6: '::/0' })), true);
    assert.equal(isWorldOpen(rule({ cidrIpv4: '0.0.0.0/1' })), false);
    assert.equal(isWorldOpen(rule({ cidrIpv4: '10.0.0.0/8' })), false);
  });
});

describe('which rules cover a port', () => {
  it('matches tcp and udp ranges inclusively, all traffic always, icmp never', () => {
    assert.equal(coversPort(rule({ fromPort: 20, toPort: 25 }), 22), true);
    assert.equal(coversPort(rule({ fromPort: 22, toPort: 22 }), 22), true);
    assert.equal(coversPort(rule({ fromPort: 23, toPort: 25 }), 22), false);
    assert.equal(coversPort(rule({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 22), true);
    assert.equal(coversPort(rule({ protocol: '-1', fromPort: -1, toPort: -1 }), 22), true);
    assert.equal(coversPort(rule({ protocol: 'icmp', fromPort: -1, toPort: -1 }), 22), false);
  });
});

describe('what stays open after closing one port', () => {
  it('splits a range around the port, keeping source and description', () => {
    const rest = remainderOf(rule({ fromPort: 20, toPort: 25, description: 'ops' }), 22);
    assert.deepEqual(rest, [
      { protocol: 'tcp', fromPort: 20, toPort: 21, source: '0.0.0.0/0', description: 'ops' },
      { protocol: 'tcp', fromPort: 23, toPort: 25, source: '0.0.0.0/0', description: 'ops' },
    ]);
  });

  it('leaves nothing for a single-port rule and one side at the edges', () => {
    assert.deepEqual(remainderOf(rule({}), 22), []);
    assert.deepEqual(
      remainderOf(rule({ fromPort: 22, toPort: 23 }), 22).map((r) => [r.fromPort, r.toPort]),
      [[23, 23]],
    );
    assert.deepEqual(
      remainderOf(rule({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 0).map((r) => [
        r.fromPort,
        r.toPort,
      ]),
      [[1, 65535]],
    );
  });

  it('turns all traffic into tcp and udp around the port plus ICMP of the same family', () => {
    const v6 = remainderOf(
      rule({ protocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: undefined, cidrIpv6: '::/0' }),
      22,
    );
    assert.deepEqual(
      v6.map((r) => `${r.protocol} ${r.fromPort}-${r.toPort} ${r.source}`),
      [
        'tcp 0-21 ::/0',
        'tcp 23-65535 ::/0',
        'udp 0-21 ::/0',
        'udp 23-65535 ::/0',
        'icmpv6 -1--1 ::/0',
      ],
    );
  });
});

describe('how ports read to an analyst', () => {
  it('names well-known ports and ranges', () => {
    assert.equal(describePorts({ protocol: 'tcp', fromPort: 22, toPort: 22 }), 'tcp 22 (SSH)');
    assert.equal(
      describePorts({ protocol: 'tcp', fromPort: 3389, toPort: 3389 }),
      'tcp 3389 (Remote Desktop)',
    );
    assert.equal(describePorts({ protocol: 'udp', fromPort: 0, toPort: 65535 }), 'all udp ports');
    assert.equal(describePorts({ protocol: 'tcp', fromPort: 20, toPort: 25 }), 'tcp 20-25');
    assert.equal(describePorts({ protocol: '-1', fromPort: -1, toPort: -1 }), 'all traffic');
  });
});
