/**
 * The partition a Region belongs to, for the ARNs this API builds itself (a role to assume, an
 * instance to name in a policy condition): `arn:aws:` is wrong in China, GovCloud, the isolated
 * Regions and the European Sovereign Cloud. Prefixes from AWS's partition list.
 */
const PARTITIONS: ReadonlyArray<[prefix: string, partition: string]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
];

export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}
