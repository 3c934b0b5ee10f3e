import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registry } from '../../../api/actions/registry.js';
import { declaredPermissions } from '../../../infra/aws/member-permissions.js';
import { callsOf, registryModules, scanFile, typeScriptFiles } from './sdk-calls.js';

const ACTIONS_DIR = fileURLToPath(new URL('../../../api/actions/', import.meta.url));
const REGISTRY_FILE = fileURLToPath(new URL('../../../api/actions/registry.ts', import.meta.url));

/**
 * The member role's policy is generated from the permissions the actions declare; these tests
 * tie the declarations to the SDK calls the code really makes.
 */
describe('member policy and the code', () => {
  const files = typeScriptFiles(ACTIONS_DIR).map(scanFile);

  it('recognizes every SDK import of the action code', () => {
    assert.deepEqual(
      files.flatMap((f) => f.unmapped),
      [],
      'map these to IAM actions in sdk-calls.ts',
    );
    assert.deepEqual(
      files.flatMap((f) => f.otherSdks.map((sdk) => `${f.file}: ${sdk}`)),
      [],
      'the member role only covers the services sdk-calls.ts maps',
    );
  });

  it('lets each action and each undo call only what it declares', async () => {
    const modules = await actionModules();
    for (const action of registry) {
      const declaration = modules.get(action);
      assert.ok(declaration, `cannot find the module of ${action.name} among registry.ts imports`);
      // The behaviour is what the declaration loads on first use, with everything it imports.
      const behaviour = scanFile(declaration).dynamicImports;
      assert.ok(behaviour.length > 0, `${action.name} loads no behaviour`);
      const undeclared = callsOf(behaviour).filter((call) => !action.permissions.includes(call));
      assert.deepEqual(undeclared, [], `${action.name} calls these without declaring them`);
      if (action.kind !== 'write' || !action.undo) continue;
      const undo = undoModules(declaration).flatMap((file) => scanFile(file).dynamicImports);
      assert.ok(undo.length > 0, `cannot find the undo behaviour of ${action.name}`);
      const undeclaredByUndo = callsOf(undo).filter(
        (call) => !action.undo?.permissions.includes(call),
      );
      assert.deepEqual(undeclaredByUndo, [], `${action.name}'s undo calls these undeclared`);
    }
  });

  it('catches a call another action declares', () => {
    // A port closure that started calling iam:DeleteUser (declared by deleteIamUser) must fail.
    const calls = callsOf([
      fileURLToPath(new URL('./fixtures/borrowed-call.ts.txt', import.meta.url)),
    ]);
    const closePort = registry.find((action) => action.name === 'closeSecurityGroupPort');
    assert.ok(closePort);
    assert.deepEqual(
      calls.filter((call) => !closePort.permissions.includes(call)),
      ['iam:DeleteUser'],
    );
  });

  it('allows no operation the code never calls, and calls none it does not allow', () => {
    const called = [...new Set(files.flatMap((f) => f.calls))].sort();
    const allowed = declaredPermissions(registry);
    assert.deepEqual(
      { calledButNotAllowed: called.filter((c) => !allowed.includes(c)) },
      { calledButNotAllowed: [] },
    );
    assert.deepEqual(
      { allowedButNeverCalled: allowed.filter((a) => !called.includes(a)) },
      { allowedButNeverCalled: [] },
    );
  });

  it('notices a call that is not declared', () => {
    const scanned = scanFile(
      fileURLToPath(new URL('./fixtures/undeclared-call.ts.txt', import.meta.url)),
    );
    // DescribeVpcs is imported but never called, so it needs no permission.
    assert.deepEqual(scanned.calls, ['ec2:DeleteSecurityGroup', 'iam:ListUsers']);
  });
});

/** Each registry entry with the file that exports it, found among registry.ts imports. */
async function actionModules(): Promise<Map<unknown, string>> {
  const modules = new Map<unknown, string>();
  for (const file of new Set(registryModules(REGISTRY_FILE).values())) {
    const exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if ((registry as readonly unknown[]).includes(value)) modules.set(value, file);
    }
  }
  return modules;
}

/** The undo declarations an action's declaration imports (its folder's undo.ts). */
function undoModules(declaration: string): string[] {
  return scanFile(declaration).imports.filter((file) => /\/undo\.ts$/.test(file));
}
