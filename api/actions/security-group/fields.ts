import { Type } from 'typebox';

export const groupId = Type.String({
  pattern: '^sg-([0-9a-f]{8}|[0-9a-f]{17})$',
  description: 'The security group id, for example sg-0a1b2c3d4e5f60001.',
  // The sandbox's web tier, which opens SSH to the world.
  examples: ['sg-0a1b2c3d4e5f60001'],
  'x-error-message':
    'must be a security group id: sg- and 8 or 17 digits or letters a to f, for example sg-0a1b2c3d4e5f60001',
  'x-amzn-form-display-name': 'Security group',
});

export const port = Type.Integer({
  minimum: 0,
  maximum: 65535,
  default: 22,
  description:
    'The port to close to the internet, for both tcp and udp. 22 is SSH, 3389 is Remote Desktop.',
  examples: [22],
  'x-error-message': 'must be a whole number from 0 to 65535, for example 22 for SSH',
  'x-amzn-form-display-name': 'Port',
});
