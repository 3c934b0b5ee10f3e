import type { Action } from '../actions/define.js';
import type { Config } from '../config.js';
import type { Requester } from './requester.js';

export type AccessLevel = 'read' | 'write' | 'audit';

/** Job operations, reading a job included, need the write scope: a job is a responder's tool. */
export function accessLevelOf(action: Action): AccessLevel {
  return action.kind === 'read' ? 'read' : 'write';
}

/** The OAuth scope an operation needs, e.g. `remediation-api/write`. */
export function scopeFor(config: Config, level: AccessLevel): string {
  return `${config.cognito.resourceServer}/${level}`;
}

/** The groups whose members may run an action; machine clients are authorized by scope alone. */
export function groupsAllowed(config: Config, action: Action): string[] {
  if (action.kind === 'read') return [];
  // A job acts on many resources at once: starting or stopping one is for responders; reading
  // one (its ticket, who asked, every target) for those who may run remediations at all.
  if (action.kind === 'job')
    return action.effect === 'inspect'
      ? [...config.groups.responders, ...config.groups.reversibleWriters]
      : [...config.groups.responders];
  return action.reversible
    ? [...config.groups.responders, ...config.groups.reversibleWriters]
    : [...config.groups.responders];
}

/**
 * Why a person may not run the action, or undefined when they may. Worded for the chat, which
 * shows only 2XX bodies: it names the missing group and who can do it instead.
 */
export function groupRefusal(
  config: Config,
  action: Action,
  requester: Requester,
): string | undefined {
  const allowed = groupsAllowed(config, action);
  if (requester.kind === 'machine' || allowed.length === 0) return undefined;
  if (requester.groups.some((group) => allowed.includes(group))) return undefined;
  const member = requester.groups.length
    ? `who is in ${requester.groups.join(', ')}`
    : 'who is in no security group';
  return `${requester.name}, ${member}, may not ${whatItDoes(action)}: that is limited to members of ${orList(allowed)}. Ask a member of ${orList(allowed)} to do it, or ask your administrator for access.`;
}

/** "Delete an IAM user and everything it owns" → "delete an IAM user and everything it owns". */
function whatItDoes(action: Action): string {
  const phrase = action.summary.split(':')[0] ?? action.summary;
  return phrase.charAt(0).toLowerCase() + phrase.slice(1);
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
