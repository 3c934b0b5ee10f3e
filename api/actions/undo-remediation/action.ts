import { type Static, Type } from 'typebox';
import { defineWriteAction, loadOnFirstCall } from '../define.js';
import { writeFields } from '../fields.js';

const Input = Type.Object(
  {
    remediationId: Type.String({
      pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      description:
        'The id of the remediation to reverse, as the answer to that remediation gave it.',
      examples: ['0f8e9d2c-1b3a-4c5d-8e7f-6a5b4c3d2e1f'],
      'x-error-message':
        'must be a remediation id (a UUID), as the answer to that remediation gave it',
      'x-amzn-form-display-name': 'Remediation to undo',
    }),
    ...writeFields,
  },
  { additionalProperties: false },
);
export type UndoInput = Static<typeof Input>;

const words = (description: string) => Type.Array(Type.String(), { description });
const Details = Type.Object({
  undoneRemediationId: Type.String({ description: 'The remediation this undo reverses.' }),
  undoneOperation: Type.Optional(Type.String({ description: 'The operation it ran.' })),
  restored: words('What was (or would be) put back as it was.'),
  removed: words('What was (or would be) removed because the original run added it.'),
  cannotRestore: words('What the original run changed that no undo can bring back.'),
  notes: words('Things the reader should know.'),
});
export type UndoRemediationDetails = Static<typeof Details>;

/**
 * Reverses an earlier remediation with the undo its action declares. The target is the original's
 * (so an undo takes the same resource lock), read from the trail by `locate`. Not reversible
 * itself, so only responders (and machines with the write scope) may run it: putting back a
 * closed port re-opens it to the internet. The AWS calls are the declared undos' own, so this
 * entry declares none.
 */
export const undoRemediation = defineWriteAction({
  name: 'undoRemediation',
  path: '/remediations/undo',
  summary: 'Undo a remediation: put back what it changed',
  description:
    'Reverses one earlier remediation by its id, for remediations that declare an undo: for a closed port, re-creates exactly the rules that were removed and removes the ones added in their place; for a contained IAM user, reactivates the keys that were deactivated and removes the deny policy (the console password cannot be restored); for an isolated EC2 instance, releases it: interfaces back on their groups, profile, load balancers and Auto Scaling as before (the evidence snapshots stay). Deleting a user cannot be undone. Use dryRun to preview; an undo runs only once and is recorded in the audit trail like any change.',
  input: Input,
  details: Details,
  controls: ['IR-05', 'LOG-02'],
  permissions: [],
  reversible: false,
  target: (input) => ({
    accountId: 'unknown',
    resourceType: 'remediation',
    resourceId: input.remediationId,
  }),
  reverses: (input) => input.remediationId,
  locate: loadOnFirstCall(() => import('./plan.js').then((m) => m.locateUndo)),
  plan: loadOnFirstCall(() => import('./plan.js').then((m) => m.planUndo)),
});
