import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Config } from '../config.js';
import { AuthenticationError, KeysUnavailableError } from '../errors.js';
import { JwksOverrideFetcher } from './jwks-fetcher.js';
import { type Requester, requesterFromClaims } from './requester.js';

export interface TokenVerifier {
  /** Resolves the requester, or throws AuthenticationError with a reason safe to show. */
  verify(token: string): Promise<Requester>;
  /** Loads the keys ahead of the first request. */
  hydrate(): Promise<void>;
}

export interface TokenVerifierOptions {
  /** Preloaded keys (tests); the verifier then never fetches. */
  jwks?: Jwks;
}

/**
 * Checks what API Gateway's authorizer checks, again, inside the app: signature and algorithm,
 * issuer derived from the pool id, `token_use` access, allowed client ids, expiry. Scopes are
 * checked per operation by the caller so a missing scope can answer 403 rather than 401.
 */
export function createTokenVerifier(
  config: Config,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  // With preloaded keys an unknown key id must fail, not send the verifier looking elsewhere.
  const fetcher = options.jwks
    ? { fetch: () => Promise.reject(new UntrustedKeyError()) }
    : new JwksOverrideFetcher(config.cognito.jwksUri);
  const jwksCache = new SimpleJwksCache({ fetcher });
  const verifier = CognitoJwtVerifier.create(
    {
      userPoolId: config.cognito.userPoolId,
      tokenUse: 'access',
      clientId: config.cognito.clientIds,
    },
    { jwksCache },
  );
  if (options.jwks) verifier.cacheJwks(options.jwks);
  return {
    async verify(token) {
      try {
        const payload = await verifier.verify(token);
        return requesterFromClaims(payload as Record<string, unknown>);
      } catch (error) {
        if (error instanceof UntrustedKeyError) {
          throw new AuthenticationError(reasons.KidNotFoundInJwksError as string);
        }
        // The keys could not be loaded: the token may be fine, the service is not.
        if (error instanceof Error && error.constructor.name.endsWith('FetchError')) {
          throw new KeysUnavailableError();
        }
        throw new AuthenticationError(describeRejection(error));
      }
    },
    async hydrate() {
      if (!options.jwks) await verifier.hydrate();
    },
  };
}

const reasons: Record<string, string> = {
  JwtExpiredError: 'The token has expired.',
  JwtNotBeforeError: 'The token is not valid yet.',
  JwtInvalidIssuerError: 'The token was issued by another identity provider.',
  CognitoJwtInvalidClientIdError: 'The token was issued to a client this API does not accept.',
  CognitoJwtInvalidTokenUseError: 'An access token is required (an ID token was sent).',
  JwtInvalidSignatureError: 'The token signature is invalid.',
  JwtInvalidSignatureAlgorithmError: 'The token is signed with an algorithm that is not allowed.',
  KidNotFoundInJwksError: 'The token is signed with an unknown key.',
  JwtWithoutValidKidError: 'The token names no signing key.',
  JwtParseError: 'The token is malformed.',
};

function describeRejection(error: unknown): string {
  const name = (error as Error | undefined)?.constructor?.name ?? '';
  // aws-jwt-verify reports an issuer outside the configured pool as a parameter error.
  if (/^issuer not configured/.test((error as Error | undefined)?.message ?? '')) {
    return reasons.JwtInvalidIssuerError as string;
  }
  return reasons[name] ?? 'The token could not be verified.';
}

/** Raised instead of fetching when the keys were preloaded and the token names another key. */
class UntrustedKeyError extends Error {}
