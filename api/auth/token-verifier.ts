import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { KidNotFoundInJwksError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Config } from '../config.js';
import { AuthenticationError } from '../errors.js';
import { JwksOverrideFetcher } from './jwks-fetcher.js';
import { type Requester, requesterFromClaims } from './requester.js';
import { rejectionOf } from './token-rejection.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface TokenVerifier {
  /**
   * Resolves the requester, or throws AuthenticationError with a reason safe to show, or
   * KeysUnavailableError when the signing keys cannot be loaded.
   */
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
 * issuer derived from the pool id, `token_use` access, allowed client ids, expiry (required).
 * Scopes are checked per operation by the caller so a missing scope can answer 403, not 401.
 */
export function createTokenVerifier(
  config: Config,
  options: TokenVerifierOptions = {},
): TokenVerifier {
  // With preloaded keys an unknown key id must fail, not send the verifier looking elsewhere.
  const fetcher = options.jwks
    ? { fetch: () => Promise.reject(new UntrustedKeyError('the keys were preloaded')) }
    : new JwksOverrideFetcher(config.cognito.jwksUri);
  const jwksCache = new SimpleJwksCache({ fetcher });
  const verifier = CognitoJwtVerifier.create(
    {
      userPoolId: config.cognito.userPoolId,
      tokenUse: 'access',
      clientId: config.cognito.clientIds,
      customJwtCheck: requireExpiry,
    },
    { jwksCache },
  );
  if (options.jwks) verifier.cacheJwks(options.jwks);
  const verified = new VerifiedTokens();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) return known;
      try {
        const payload = await verifier.verify(token);
        const requester = requesterFromClaims(payload as Record<string, unknown>);
        // requireExpiry has made sure exp is a number.
        verified.remember(token, requester, payload.exp as number);
        return requester;
      } catch (error) {
        throw rejectionOf(error);
      }
    },
    async hydrate() {
      if (!options.jwks) await verifier.hydrate();
    },
  };
}

/**
 * aws-jwt-verify checks `exp` only when present; Cognito always sets it, so a token without one
 * was not minted by the pool as configured and would never expire.
 */
function requireExpiry({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.exp !== 'number') {
    throw new AuthenticationError('The token has no expiry (exp); sign in again for a new one.');
  }
}

/**
 * Raised instead of fetching when the keys were preloaded and the token names another key; to
 * the caller it is an unknown key like any other.
 */
class UntrustedKeyError extends KidNotFoundInJwksError {}
