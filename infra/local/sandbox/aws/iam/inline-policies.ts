import type { InlinePolicies } from '../../state.js';
import type { QueryContext } from '../query.js';
import type { XmlValue } from '../xml.js';
import { limitExceeded, malformedPolicy, noSuchEntity } from './errors.js';
import { paginate } from './paging.js';
import { encodePolicy } from './shapes.js';

/** Whom an inline policy belongs to, as the messages and size quotas name it. */
export interface InlineOwner {
  kind: 'user' | 'role' | 'group';
  name: string;
  policies: InlinePolicies;
}

/** IAM's quotas on all inline policies of one identity together, whitespace not counted. */
const AGGREGATE_LIMIT: Record<InlineOwner['kind'], number> = {
  user: 2048,
  role: 10240,
  group: 5120,
};

const OWNER_MEMBER: Record<InlineOwner['kind'], string> = {
  user: 'UserName',
  role: 'RoleName',
  group: 'GroupName',
};

export function listInline(context: QueryContext, owner: InlineOwner): XmlValue {
  const { items, ...paging } = paginate(context, [...owner.policies.keys()], (name) => name);
  return { PolicyNames: items, ...paging };
}

export function getInline(owner: InlineOwner, policyName: string): XmlValue {
  const document = owner.policies.get(policyName);
  if (document === undefined) throw notFound(owner, policyName);
  return {
    [OWNER_MEMBER[owner.kind]]: owner.name,
    PolicyName: policyName,
    PolicyDocument: encodePolicy(document),
  };
}

/** PutXPolicy overwrites a policy of the same name, so repeating it is safe. */
export function putInline(owner: InlineOwner, policyName: string, document: string): void {
  checkDocument(document);
  const next = new Map(owner.policies);
  next.set(policyName, document);
  const size = [...next.values()].reduce(
    (total, text) => total + text.replace(/\s/g, '').length,
    0,
  );
  const limit = AGGREGATE_LIMIT[owner.kind];
  if (size > limit) {
    throw limitExceeded(
      `Maximum policy size of ${limit} bytes exceeded for ${owner.kind} ${owner.name}`,
    );
  }
  owner.policies.set(policyName, document);
}

export function deleteInline(owner: InlineOwner, policyName: string): void {
  if (!owner.policies.delete(policyName)) throw notFound(owner, policyName);
}

function notFound(owner: InlineOwner, policyName: string) {
  return noSuchEntity(`The ${owner.kind} policy with name ${policyName} cannot be found.`);
}

function checkDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformedPolicy();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformedPolicy();
  if (!('Statement' in parsed)) throw malformedPolicy('Syntax errors in policy.');
}
