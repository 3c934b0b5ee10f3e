import { SANDBOX_CLIENTS } from './pool.js';

/**
 * An access token for one of the sandbox pool's machine clients (client credentials grant),
 * fetched from the sandbox's token endpoint as Jira automation would fetch it from Cognito.
 */
export async function sandboxMachineToken(
  sandboxUrl: string,
  clientId = 'sandbox-jira',
): Promise<string> {
  const client = SANDBOX_CLIENTS.find((candidate) => candidate.clientId === clientId);
  if (!client?.clientSecret) throw new Error(`${clientId} is not a sandbox machine client`);
  const response = await fetch(`${sandboxUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
