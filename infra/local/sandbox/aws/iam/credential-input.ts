import type { FieldRule } from './input.js';

/** Ids of signing certificates, SSH keys and service-specific credentials. */
export const credentialId = (min: number): FieldRule => ({
  required: true,
  min,
  max: 128,
  pattern: /^\w+$/,
  patternText: '[\\w]+',
});
