import type { Fetcher } from 'aws-jwt-verify/https';

/**
 * Fetches the signing keys from one configured location whatever URI the verifier derived from
 * the issuer. This is how the sandbox, emulators and private endpoints serve keys while the
 * issuer claim is still checked against the real Cognito issuer. Uses the platform `fetch`, so
 * plain-http endpoints on loopback work too.
 */
export class JwksOverrideFetcher implements Fetcher {
  constructor(
    private readonly jwksUri: string,
    private readonly timeoutMs = 3000,
  ) {}

  async fetch(): Promise<ArrayBuffer> {
    const response = await fetch(this.jwksUri, {
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error(`JWKS at ${this.jwksUri} answered HTTP ${response.status}`);
    }
    return response.arrayBuffer();
  }
}
