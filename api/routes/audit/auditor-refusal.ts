import type { Requester } from '../../auth/requester.js';
import type { Config } from '../../config.js';

/**
 * Why a person may not read the audit trail, or undefined when they may. Machines are trusted on
 * the audit scope alone. People need an auditors group too: Cognito grants scopes per app client,
 * so every chat user's token can carry the audit scope. The answer is a 2XX body, as for write
 * refusals, because the chat shows only 2XX answers and a person should read why.
 */
export function auditorRefusal(config: Config, requester: Requester): string | undefined {
  if (requester.kind === 'machine') return undefined;
  const allowed = config.groups.auditors;
  if (requester.groups.some((group) => allowed.includes(group))) return undefined;
  const member = requester.groups.length
    ? `who is in ${requester.groups.join(', ')}`
    : 'who is in no security group';
  return `${requester.name}, ${member}, may not read the audit trail: it is limited to members of ${allowed.join(' or ')}. Ask an auditor, or ask your administrator for access.`;
}
