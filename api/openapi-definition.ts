import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { Config } from './config.js';
import { describeAnswers } from './openapi-responses.js';

/**
 * The frame of the OpenAPI document; the operations come from the routes. Amazon Q Business and
 * Amazon Quick need OpenAPI 3.0.x, one `servers` entry and an OAuth authorization-code scheme.
 */
export function openApiDefinition(config: Config): FastifyDynamicSwaggerOptions {
  const scope = (level: string) => `${config.cognito.resourceServer}/${level}`;
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Security Remediation API',
        version: '1.0.0',
        description:
          'Inspect and fix security findings in the AWS accounts of the organization: close ports open to the internet, and contain compromised IAM users and roles. Every change can be previewed with dryRun and is recorded with who asked, the ticket and the reason.',
      },
      servers: [{ url: config.publicUrl }],
      tags: [
        { name: 'inspect', description: 'Read-only operations that explain the current state.' },
        { name: 'remediate', description: 'Operations that change AWS resources.' },
        {
          name: 'bulk',
          description:
            'Run one remediation on many resources at once, across accounts and Regions, as a job: start, follow, cancel, undo.',
        },
        {
          name: 'audit',
          description:
            'Read the audit trail: who asked for which change, under which ticket, and what happened. For auditors.',
        },
      ],
      components: {
        securitySchemes: {
          oauth2: {
            type: 'oauth2',
            flows: {
              authorizationCode: {
                authorizationUrl: `${config.cognito.domainUrl}/oauth2/authorize`,
                tokenUrl: `${config.cognito.domainUrl}/oauth2/token`,
                scopes: {
                  [scope('read')]: 'Inspect resources.',
                  [scope('write')]: 'Change resources.',
                  [scope('audit')]: 'Read the audit trail.',
                },
              },
            },
          },
        },
      },
    },
    transform: describeAnswers,
  };
}
