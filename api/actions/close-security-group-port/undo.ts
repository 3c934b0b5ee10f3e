import { loadOnFirstCall, type UndoDeclaration } from '../define.js';
import type { ClosePortDetails, ClosePortInput } from './action.js';

/**
 * Puts a security group back as it was before a port closure: re-creates exactly the rules the
 * closure removed (same protocol, ports, source and description; EC2 gives them new ids), then
 * removes, by id, the rules it added in their place. Re-creating first means a failure in between
 * never leaves the group less open than before the closure, which is what the undo asks for.
 */
export const undoClosePort: UndoDeclaration<ClosePortInput, ClosePortDetails> = {
  description:
    'Re-creates exactly the rules the closure removed, which opens the port to the internet again, and removes the rules it added in their place.',
  permissions: [
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeSecurityGroupRules',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupIngress',
  ],
  plan: loadOnFirstCall(() => import('./undo-plan.js').then((m) => m.planUndoClosePort)),
};
