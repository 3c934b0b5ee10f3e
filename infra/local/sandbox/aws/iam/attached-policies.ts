import { findManagedPolicy } from '../../state.js';
import type { QueryContext } from '../query.js';
import type { XmlValue } from '../xml.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { paginate } from './paging.js';

/** An identity's managed policy attachments (ARNs), held in place on the user, role or group. */
export interface AttachmentOwner {
  kind: 'user' | 'role' | 'group';
  attachedPolicies: string[];
}

const QUOTA_NAME: Record<AttachmentOwner['kind'], string> = {
  user: 'PoliciesPerUser',
  role: 'PoliciesPerRole',
  group: 'PoliciesPerGroup',
};
const ATTACHMENT_QUOTA = 10;

export function listAttached(context: QueryContext, owner: AttachmentOwner): XmlValue {
  const prefix = context.params.get('PathPrefix') ?? '/';
  const attached = owner.attachedPolicies
    .map((arn) => ({ arn, policy: findManagedPolicy(context.world, context.accountId, arn) }))
    .filter(({ policy }) => (policy?.path ?? '/').startsWith(prefix));
  const { items, ...paging } = paginate(context, attached, ({ arn }) => arn);
  return {
    AttachedPolicies: items.map(({ arn, policy }) => ({
      PolicyName: policy?.policyName ?? arn.slice(arn.lastIndexOf('/') + 1),
      PolicyArn: arn,
    })),
    ...paging,
  };
}

/** Attaching a policy that is already attached changes nothing and succeeds, as in AWS. */
export function attach(context: QueryContext, owner: AttachmentOwner, policyArn: string): void {
  const policy = findManagedPolicy(context.world, context.accountId, policyArn);
  // Service-role policies exist only for service-linked roles.
  if (!policy || (owner.kind !== 'role' && policy.path.startsWith('/aws-service-role/'))) {
    throw noSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
  }
  if (owner.attachedPolicies.includes(policyArn)) return;
  if (owner.attachedPolicies.length >= ATTACHMENT_QUOTA) {
    throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[owner.kind]}: ${ATTACHMENT_QUOTA}`);
  }
  owner.attachedPolicies.push(policyArn);
}

export function detach(owner: AttachmentOwner, policyArn: string): void {
  const index = owner.attachedPolicies.indexOf(policyArn);
  if (index < 0) throw noSuchEntity(`Policy ${policyArn} was not found.`);
  owner.attachedPolicies.splice(index, 1);
}
