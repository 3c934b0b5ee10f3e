import { cancelBulkRemediation } from './cancel-bulk-remediation/action.js';
import { closeSecurityGroupPort } from './close-security-group-port/action.js';
import type { Action } from './define.js';
import { deleteIamUser } from './delete-iam-user/action.js';
import { findExposedResources } from './find-exposed-resources/action.js';
import { getBulkRemediation } from './get-bulk-remediation/action.js';
import { getEc2Instance } from './get-ec2-instance/action.js';
import { getIamUser } from './get-iam-user/action.js';
import { getSecurityGroup } from './get-security-group/action.js';
import { isolateEc2Instance } from './isolate-ec2-instance/action.js';
import { remediateFinding } from './remediate-finding/action.js';
import { revokeIamRoleSessions } from './revoke-iam-role-sessions/action.js';
import { revokeIamUserCredentials } from './revoke-iam-user-credentials/action.js';
import { startBulkRemediation } from './start-bulk-remediation/action.js';
import { undoBulkRemediation } from './undo-bulk-remediation/action.js';
import { undoRemediation } from './undo-remediation/action.js';

/**
 * Every operation the API offers. Routes, the OpenAPI document, scopes, the MCP tools, the Bedrock action groups and
 * the member-account IAM policy are derived from this list. Adding a remediation:
 * 1. a folder `api/actions/<name>/` with `action.ts` (defineWriteAction: schemas, path, controls,
 *    permissions, target), `plan.ts` (the lazily loaded behaviour) and, when it can be reversed,
 *    `undo.ts` + `undo-plan.ts` (with the undo's own permissions);
 * 2. one line here;
 * 3. its tests, and the sandbox's support for the AWS calls it makes;
 * 4. `npm run openapi` to regenerate the committed document.
 * The write pipeline (api/pipeline/) does the rest: authorization, allow-list, audit, locks,
 * dry run and undo. A bulk job operation (defineJobAction: `action.ts` + `run.ts`) goes through
 * the job pipeline instead, and each target of its job through the write pipeline.
 */
export const registry: readonly Action[] = [
  getSecurityGroup,
  findExposedResources,
  closeSecurityGroupPort,
  getIamUser,
  revokeIamUserCredentials,
  revokeIamRoleSessions,
  deleteIamUser,
  getEc2Instance,
  isolateEc2Instance,
  remediateFinding,
  undoRemediation,
  startBulkRemediation,
  getBulkRemediation,
  cancelBulkRemediation,
  undoBulkRemediation,
];

export function findAction(name: string): Action | undefined {
  return registry.find((action) => action.name === name);
}
