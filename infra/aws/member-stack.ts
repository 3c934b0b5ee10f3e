import {
  Aws,
  CfnOutput,
  CfnParameter,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { PermissionConditions } from '../../api/actions/define.js';
import { mutatingIamPermissions } from './member-permissions.js';

export const DEFAULT_API_ROLE_NAME = 'SecurityRemediationApiRole';
export const DEFAULT_REMEDIATION_ROLE_NAME = 'SecurityRemediationRole';

export interface MemberAccountStackProps extends StackProps {
  /** IAM actions the role may perform: `declaredPermissions(registry)`, never a hand-written list. */
  permissions: readonly string[];
  /** Conditions on some of them: `declaredConditions(registry)`. */
  conditions?: PermissionConditions;
}

/**
 * The role the API assumes in every member account. Deployable as a service-managed StackSet:
 * no assets, no lookups, everything account-specific is a parameter.
 */
export class MemberAccountStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberAccountStackProps) {
    super(scope, id, {
      description:
        'SecurityRemediationRole: what the Security Remediation API may do in this account.',
      // Member accounts are not CDK-bootstrapped: no bootstrap version check in the template.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
      ...props,
    });
    const securityAccountId = new CfnParameter(this, 'SecurityAccountId', {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      description: 'The account the Security Remediation API runs in.',
    });
    const apiRoleName = new CfnParameter(this, 'ApiRoleName', {
      type: 'String',
      default: DEFAULT_API_ROLE_NAME,
      allowedPattern: '^[\\w+=,.@-]{1,64}$',
      description: "Name of the API Lambda function's role in the security account.",
    });
    const roleName = new CfnParameter(this, 'RemediationRoleName', {
      type: 'String',
      default: DEFAULT_REMEDIATION_ROLE_NAME,
      allowedPattern: '^[\\w+=,.@-]{1,64}$',
      description: 'Name of this role; the API setting REMEDIATION_ROLE_NAME must match.',
    });

    const apiRoleArn = `arn:${Aws.PARTITION}:iam::${securityAccountId.valueAsString}:role/${apiRoleName.valueAsString}`;
    // Trusting the account with aws:PrincipalArn (rather than naming the role as principal) still
    // admits only that role, and survives the role being recreated: IAM would otherwise pin the
    // old role's unique id and every AssumeRole would fail with AccessDenied. It also lets the
    // StackSet roll out before the security stack exists.
    const trusted = new iam.AccountPrincipal(securityAccountId.valueAsString).withConditions({
      ArnEquals: { 'aws:PrincipalArn': apiRoleArn },
      // Every session names the person who asked, so CloudTrail here shows who did what.
      Null: { 'sts:SourceIdentity': 'false' },
    });
    this.role = new iam.Role(this, 'RemediationRole', {
      roleName: roleName.valueAsString,
      assumedBy: trusted,
      maxSessionDuration: Duration.hours(1),
      description: 'Assumed by the Security Remediation API with the requester as SourceIdentity.',
    });
    this.role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({ actions: ['sts:SetSourceIdentity'], principals: [trusted] }),
    );

    const conditions = props.conditions ?? {};
    // One statement per distinct condition, so each narrowed action carries exactly its own.
    const conditioned = new Map<string, string[]>();
    for (const permission of props.permissions) {
      const condition = conditions[permission];
      if (!condition) continue;
      const key = JSON.stringify(condition);
      conditioned.set(key, [...(conditioned.get(key) ?? []), permission]);
    }
    const policy = new iam.Policy(this, 'RemediationPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'DeclaredByTheActionRegistry',
          actions: props.permissions.filter((permission) => !conditions[permission]),
          resources: ['*'],
        }),
        ...[...conditioned].map(
          ([condition, actions], index) =>
            new iam.PolicyStatement({
              sid: `DeclaredWithConditions${index + 1}`,
              actions,
              resources: ['*'],
              conditions: JSON.parse(condition),
            }),
        ),
      ],
    });
    const selfChanges = mutatingIamPermissions(props.permissions);
    if (selfChanges.length > 0) {
      // The API refuses to touch its own role; the policy makes that hold even if the code errs.
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'NeverChangeThisRole',
          effect: iam.Effect.DENY,
          actions: selfChanges,
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${roleName.valueAsString}`],
        }),
      );
    }
    policy.attachToRole(this.role);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The resources are whatever security groups, users and roles an incident names in this account; they are not known in advance. The actions are exactly those the action registry declares, and the test suite fails when the code calls one it does not declare.',
    });

    new CfnOutput(this, 'RemediationRoleArn', { value: this.role.roleArn });
  }
}
