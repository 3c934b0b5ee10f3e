import { FetchError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';

/**
 * Fetches the signing keys from one configured location whatever URI the verifier derived from
 * the issuer. This is how the sandbox, emulators and private endpoints serve keys while the
 * issuer claim is still checked against the real Cognito issuer. Uses the platform `fetch`, so
 * plain-http endpoints on loopback work too.
 *
 * Every failure leaves as aws-jwt-verify's FetchError: `fetch` itself throws a TypeError or an
 * abort DOMException, which the token check could not tell apart from a bad token, and the
 * minified Lambda bundle renames classes, so the check must work by `instanceof`.
 */
export class JwksOverrideFetcher implements Fetcher {
  constructor(
    private readonly jwksUri: string,
    private readonly timeoutMs = 3000,
  ) {}

  async fetch(): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(this.jwksUri, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new FetchError(this.jwksUri, describe(error));
    }
    if (!response.ok) {
      // A 4xx is a wrong address or a refusal; trying again at once would not help.
      const Failure = response.status < 500 ? NonRetryableFetchError : FetchError;
      throw new Failure(this.jwksUri, `HTTP ${response.status}`);
    }
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw new FetchError(this.jwksUri, describe(error));
    }
  }
}

/** undici hides the reason (ECONNREFUSED, a timeout) in `cause`; the log should show it. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
