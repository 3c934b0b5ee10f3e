import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { memberStack, Q_BUSINESS, securityStack } from './stacks.js';

/** cdk-nag v3 runs as a CDK validation plugin; `validateScope` returns its findings directly. */
function findings(stack: Stack) {
  Template.fromStack(stack);
  const report = new AwsSolutionsChecks(stack).validateScope(stack);
  return report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity,
    at: v.violatingResources.map((r) => (r as { constructPath?: string }).constructPath ?? ''),
  }));
}

function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, { reason?: string } | string>).map(
          ([id, value]) => ({
            path: construct.node.path,
            id,
            reason: typeof value === 'string' ? value : (value?.reason ?? ''),
          }),
        ),
      ),
  );
}

const variants = {
  'security stack (defaults)': () => securityStack(),
  'security stack with a Q Business application': () => securityStack({ qBusiness: Q_BUSINESS }),
  'security stack, MFA optional, no threat protection': () =>
    securityStack({ mfa: 'optional', threatProtection: false }),
  'member stack': () => memberStack(new App()),
};

describe('cdk-nag AwsSolutions', () => {
  for (const [name, build] of Object.entries(variants)) {
    it(`finds no unacknowledged error or warning in the ${name}`, () => {
      assert.deepEqual(findings(build()), []);
    });
  }

  it('gives a written reason for every acknowledged rule', () => {
    for (const build of Object.values(variants)) {
      const stack = build();
      const acknowledged = acknowledgments(stack);
      assert.ok(acknowledged.length > 0);
      for (const { path, id, reason } of acknowledged) {
        assert.ok(reason.split(' ').length >= 8, `${path} ${id}: "${reason}" is not a reason`);
      }
    }
  });

  it('reports what it is not told to accept', () => {
    const stack = securityStack({ mfa: 'optional' });
    // Drop the acknowledgment of optional MFA: the finding must come back.
    for (const construct of stack.node.findAll()) {
      const metadata = construct.node.metadata as { type: string; data: Record<string, unknown> }[];
      for (const entry of metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const id of Object.keys(entry.data)) {
          if (id.endsWith('AwsSolutions-COG2')) delete entry.data[id];
        }
      }
    }
    assert.ok(findings(stack).some((f) => f.rule === 'AwsSolutions-COG2'));
  });
});
