import { Type } from 'typebox';

export const instanceId = Type.String({
  pattern: '^i-([0-9a-f]{8}|[0-9a-f]{17})$',
  description: 'The EC2 instance id, for example i-05eed0000000000a1.',
  // The sandbox's compromised web server.
  examples: ['i-05eed0000000000a1'],
  'x-error-message':
    'must be an EC2 instance id: i- and 8 or 17 digits or letters a to f, for example i-05eed0000000000a1',
  'x-amzn-form-display-name': 'EC2 instance',
});

export const disableMetadata = Type.Boolean({
  default: false,
  description:
    'Also turn off the instance metadata endpoint (IMDS). Off by default: software on the instance that reads its metadata stops working, and memory forensics may rely on it. Use it when the attacker may still be reading credentials from the endpoint.',
  examples: [false],
  'x-error-message': 'must be true or false',
  'x-amzn-form-display-name': 'Also turn off instance metadata',
});
