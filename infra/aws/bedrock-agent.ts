import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { CfnAgent, CfnAgentAlias } from 'aws-cdk-lib/aws-bedrock';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BEDROCK_GROUPS } from '../../openapi/bedrock-profile.js';

export const DEFAULT_AGENT_MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

/** The committed action-group documents (openapi/bedrock/<group>.json), as `npm run openapi` wrote them. */
export function readBedrockDocuments(): Record<string, string> {
  return Object.fromEntries(
    Object.keys(BEDROCK_GROUPS).map((group) => [
      group,
      readFileSync(
        fileURLToPath(new URL(`../../openapi/bedrock/${group}.json`, import.meta.url)),
        'utf8',
      ),
    ]),
  );
}

export interface BedrockAgentProps {
  /** The API's function: the same bundle serves the agent's action groups (api/bedrock/). */
  handler: IFunction;
  /** Foundation model id the agent runs on. */
  foundationModel?: string;
  /** Default: the committed openapi/bedrock/*.json. */
  documents?: Record<string, string>;
}

/**
 * The Amazon Bedrock agent front door: an agent whose action groups (inspect, remediate, bulk) are the
 * generated documents and whose executor is the API's own function, which acts for the person
 * whose access token the invoking application puts in the session attribute `accessToken`.
 * Bedrock may invoke the function only for this agent (source ARN and account conditions).
 */
export class BedrockAgent extends Construct {
  readonly agent: CfnAgent;
  readonly alias: CfnAgentAlias;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: BedrockAgentProps) {
    super(scope, id);
    const model = props.foundationModel ?? DEFAULT_AGENT_MODEL;
    const documents = props.documents ?? readBedrockDocuments();
    const stack = Stack.of(this);

    // The agent's own role: only the model it runs on, and only for agents of this account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('bedrock.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'bedrock',
              resource: 'agent',
              resourceName: '*',
            }),
          },
        },
      }),
      description: 'Lets the security remediation Bedrock agent call its foundation model.',
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${model}`],
      }),
    );

    this.agent = new CfnAgent(this, 'Agent', {
      agentName: `${stack.stackName}-agent`,
      description:
        'Inspects and remediates security findings through the Security Remediation API.',
      agentResourceRoleArn: this.role.roleArn,
      foundationModel: model,
      autoPrepare: true,
      idleSessionTtlInSeconds: 900,
      instruction:
        'You help security analysts inspect and fix security findings in AWS accounts. Inspect before changing anything, preview a change with dryRun when the user is unsure, always ask for a reason and, for changes that cannot be undone, a ticket. Report the summary of each answer in plain words and give the remediation id.',
      actionGroups: Object.entries(documents).map(([group, payload]) => ({
        actionGroupName: group,
        description: BEDROCK_GROUPS[group as keyof typeof BEDROCK_GROUPS]?.description ?? group,
        actionGroupExecutor: { lambda: props.handler.functionArn },
        apiSchema: { payload },
      })),
    });

    props.handler.addPermission('InvokedByBedrockAgent', {
      principal: new ServicePrincipal('bedrock.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: this.agent.attrAgentArn,
      sourceAccount: Aws.ACCOUNT_ID,
    });

    this.alias = new CfnAgentAlias(this, 'Alias', {
      agentId: this.agent.attrAgentId,
      agentAliasName: 'live',
      description:
        'The alias applications invoke (InvokeAgent with sessionState.sessionAttributes.accessToken).',
    });

    new CfnOutput(stack, 'BedrockAgentId', { value: this.agent.attrAgentId });
    new CfnOutput(stack, 'BedrockAgentAliasId', { value: this.alias.attrAgentAliasId });
  }
}
