/**
 * The compromised web server of the incident and what surrounds it, in 222222222222 / us-east-1:
 * web-1 (two interfaces, two volumes, the web-server-profile whose role web-2 and web-3 share)
 * behind the ALB target groups web-tg and web-admin-tg and in the Auto Scaling group web-asg; a
 * protected database server; a build agent isolated earlier. Tests refer to it through these ids.
 */
export const WORKLOADS = {
  accountId: '222222222222',
  region: 'us-east-1',
  vpcId: 'vpc-0c0ffee0000000001',
  quarantineVpcId: 'vpc-0c0ffee0000000004',
  instances: {
    webServer: 'i-05eed0000000000a1',
    neighbourA: 'i-05eed0000000000a2',
    neighbourB: 'i-05eed0000000000a3',
    protectedDb: 'i-05eed0000000000b1',
    alreadyIsolated: 'i-05eed0000000000c1',
  },
  webServer: {
    interfaces: ['eni-05eed0000000000a1', 'eni-05eed0000000000a2'],
    volumes: ['vol-05eed0000000000a1', 'vol-05eed0000000000a2'],
    profileAssociation: 'iip-assoc-05eed0000000000a1',
    publicIp: '198.51.100.10',
  },
  /** Seeded in seed.ts: web-frontend (SSH open to the world) and already-fine (internal). */
  groups: { web: 'sg-0a1b2c3d4e5f60001', internal: 'sg-0a1b2c3d4e5f60005' },
  instanceProfile: 'web-server-profile',
  role: 'web-server-role',
  autoScalingGroup: 'web-asg',
  targetGroups: {
    web: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/web-tg/5eed0000000000a1',
    admin:
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/web-admin-tg/5eed0000000000a2',
  },
  loadBalancer:
    'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web-alb/5eed00000000000a',
  /** The isolation group of the quarantine VPC, made by the earlier isolation. */
  isolationGroup: 'sg-05eed0000000000f1',
  earlierIsolationId: '5eed0000-0000-4000-8000-0000000000c1',
} as const;
