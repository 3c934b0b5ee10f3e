import type { Config } from '../../api/config.js';
import { SANDBOX_CLIENTS, SANDBOX_USERS } from './sandbox/cognito/authority.js';

export interface BannerFacts {
  config: Config;
  /** Where the sandbox cloud listens. */
  sandboxUrl: string;
  /** AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB as the API will use them. */
  awsEndpoint: string;
  dynamoDbEndpoint: string;
  /** How the local DynamoDB keeps the trail; undefined when another one is used. */
  localTrail?: string;
}

/**
 * What `npm start` prints. Each address is the one actually in use: when AWS_ENDPOINT_URL or
 * AWS_ENDPOINT_URL_DYNAMODB point elsewhere, the banner says so instead of naming the sandbox.
 */
export function banner(facts: BannerFacts): string {
  const { config, sandboxUrl } = facts;
  const api = `http://${config.host}:${config.port}`;
  const jira = SANDBOX_CLIENTS.find((client) => client.clientId === 'sandbox-jira');
  const elsewhere = (url: string, variable: string) =>
    url === sandboxUrl ? '(the sandbox)' : `(from ${variable}, not the sandbox)`;
  const users = SANDBOX_USERS.map(
    (user) =>
      `  ${user.username.padEnd(10)} password ${user.password.padEnd(24)} ${user.groups.join(', ') || '(no group)'}`,
  );
  const machines = SANDBOX_CLIENTS.filter((client) => client.grants.includes('client_credentials'))
    .map(
      (client) =>
        `  ${client.clientId.padEnd(16)} secret ${client.clientSecret}   scopes ${client.allowedScopes.join(' ')}`,
    )
    .join('\n');
  return `
Security Remediation API   ${api}
  OpenAPI document         ${api}/openapi.json
  Swagger UI (sign in)     ${api}/docs
  MCP server               ${api}/mcp   (Streamable HTTP; OAuth: ${api}/.well-known/oauth-protected-resource/mcp)
Sandbox cloud              ${sandboxUrl}   (aws --endpoint-url ${sandboxUrl} --region us-east-1 ...)
  Cognito user pool        ${config.cognito.userPoolId}, sign-in at ${config.cognito.domainUrl}
  Token signing keys       ${config.cognito.jwksUri}
AWS calls (EC2, IAM, STS)  ${facts.awsEndpoint}   ${elsewhere(facts.awsEndpoint, 'AWS_ENDPOINT_URL')}
Audit trail (DynamoDB)     ${facts.dynamoDbEndpoint}   ${facts.localTrail ? `(${facts.localTrail}; npm run audit:verify)` : '(from AWS_ENDPOINT_URL_DYNAMODB; not started here)'}

Users (sign in at /docs or through /oauth2/authorize):
${users.join('\n')}

Machine clients (client credentials):
${machines}

Get a token and look at a group that leaves SSH open to the world:
  TOKEN=$(curl -s -u ${jira?.clientId}:${jira?.clientSecret} -d grant_type=client_credentials ${sandboxUrl}/oauth2/token | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s -H "Authorization: Bearer $TOKEN" '${api}/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001'

What leaves SSH open to the internet across ${config.allowedAccountsSource === 'organization' ? "the organisation's member accounts" : `accounts ${config.allowedAccounts.join(', ')}`} (Regions ${config.allowedRegions.join(', ')}):
  curl -s -H "Authorization: Bearer $TOKEN" '${api}/exposed-resources?port=22'
`;
}
