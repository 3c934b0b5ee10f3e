import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partitionOf } from '../../../api/aws/partition.js';

describe('the partition of a Region, for the ARNs this API builds', () => {
  it('names the partition AWS documents for each family of Regions', () => {
    const cases = {
      'us-east-1': 'aws',
      'eu-west-1': 'aws',
      'ap-southeast-2': 'aws',
      'cn-north-1': 'aws-cn',
      'cn-northwest-1': 'aws-cn',
      'us-gov-west-1': 'aws-us-gov',
      'us-iso-east-1': 'aws-iso',
      'us-isob-east-1': 'aws-iso-b',
      'eu-isoe-west-1': 'aws-iso-e',
      'us-isof-south-1': 'aws-iso-f',
      'eusc-de-east-1': 'aws-eusc',
    };
    assert.deepEqual(
      Object.fromEntries(Object.keys(cases).map((region) => [region, partitionOf(region)])),
      cases,
    );
  });
});
