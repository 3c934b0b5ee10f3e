/** Every read that isolating, releasing or describing an instance relies on. */
export const INSTANCE_READ_PERMISSIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceAttribute',
  'ec2:DescribeIamInstanceProfileAssociations',
  'iam:GetInstanceProfile',
  'autoscaling:DescribeAutoScalingInstances',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
];
