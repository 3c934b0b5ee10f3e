import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  Client,
  type OAuthClientProvider,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { type Harness, startHarness } from '../../helpers/harness.js';

/**
 * A person signs in to the MCP server as an MCP client does: from the 401 alone, the official
 * client discovers the sandbox's Cognito, sends the person to its sign-in page (authorization code
 * with PKCE S256, a pre-registered confidential client: Cognito has no dynamic registration), and
 * calls the tools with the token it got. The keys are fetched from the sandbox, as in production.
 */
let h: Harness;
let base: string;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({ PUBLIC_URL: base }, { fetchKeys: true });
  await h.app.listen({ port, host: '127.0.0.1' });
});
after(async () => h?.close());

const REDIRECT = 'http://127.0.0.1:8765/mcp-client/oauth/callback';

/** An MCP client's OAuth state, with a browser that signs in as `username`. */
class SignInAs implements OAuthClientProvider {
  private stored: Awaited<ReturnType<OAuthClientProvider['tokens']>>;
  private verifier = '';
  authorizationCode: string | undefined;
  constructor(private readonly username: string) {}
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata() {
    return {
      redirect_uris: [REDIRECT],
      client_name: 'mcp sign-in test',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'openid remediation-api/read remediation-api/write',
    };
  }
  clientInformation() {
    // Given by an administrator: the sandbox's confidential chat client.
    return { client_id: 'sandbox-qbusiness', client_secret: 'sandbox-qbusiness-secret' };
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: NonNullable<Awaited<ReturnType<OAuthClientProvider['tokens']>>>) {
    this.stored = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  private discovery: Awaited<ReturnType<NonNullable<OAuthClientProvider['discoveryState']>>>;
  saveDiscoveryState(state: NonNullable<typeof this.discovery>) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  /** The browser: the sign-in page, its form posted with the person's password, the redirect. */
  async redirectToAuthorization(url: URL) {
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const hidden: Record<string, string> = {};
    for (const match of (await page.text()).matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      hidden[match[1] as string] = (match[2] as string)
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&');
    }
    const signedIn = await fetch(new URL('/oauth2/authorize', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...hidden,
        username: this.username,
        password: `${this.username}-sandbox-pass`,
      }),
      redirect: 'manual',
    });
    assert.equal(signedIn.status, 302, await signedIn.text());
    const location = new URL(signedIn.headers.get('location') ?? '');
    this.authorizationCode = location.searchParams.get('code') ?? undefined;
  }
}

describe('signing in to the MCP server', () => {
  it('goes from the 401 to the sign-in page and back, then lists the tools the token allows', async () => {
    const provider = new SignInAs('analyst');
    const first = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      authProvider: provider,
    });
    await assert.rejects(
      new Client({ name: 'sign-in-test', version: '1.0.0' }).connect(first),
      UnauthorizedError,
    );
    assert.ok(provider.authorizationCode, 'the sign-in page redirected with a code');
    await first.finishAuth(provider.authorizationCode);

    const client = new Client({ name: 'sign-in-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider }),
    );
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === 'getSecurityGroup'));
    assert.ok(tools.some((tool) => tool.name === 'closeSecurityGroupPort'));
    await client.close();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
