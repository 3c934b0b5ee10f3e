import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { AuthenticationError, KeysUnavailableError, RemediationApiError } from '../errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Why a token was refused, by aws-jwt-verify's error class. Matched with `instanceof`, never by
 * class name: the minified Lambda bundle renames every class. Subclasses come before their
 * parents (JwtExpiredError is a JwtInvalidClaimError).
 */
const reasons: Array<[ErrorClass, string]> = [
  [JwtExpiredError, 'The token has expired; sign in again for a new one.'],
  [JwtNotBeforeError, 'The token is not valid yet.'],
  [JwtInvalidIssuerError, 'The token was issued by another identity provider.'],
  [CognitoJwtInvalidClientIdError, 'The token was issued to a client this API does not accept.'],
  [CognitoJwtInvalidTokenUseError, 'An access token is required (an ID token was sent).'],
  [JwtInvalidSignatureError, 'The token signature is invalid.'],
  [JwtInvalidSignatureAlgorithmError, 'The token is signed with an algorithm that is not allowed.'],
  [KidNotFoundInJwksError, 'The token is signed with an unknown key.'],
  // Raised instead of refetching while the last unknown key id is still in the penalty box.
  [WaitPeriodNotYetEndedJwkError, 'The token is signed with an unknown key.'],
  [JwtWithoutValidKidError, 'The token names no signing key.'],
  [JwtParseError, 'The token is malformed.'],
];

/**
 * The keys could not be loaded or read, so no token can be checked: the token may be fine, the
 * service is not. FetchError covers NonRetryableFetchError.
 */
const keyFailures: ErrorClass[] = [FetchError, JwksNotAvailableInCacheError, JwksValidationError];

/** What the caller should hear when aws-jwt-verify (or our own check) refuses a token. */
export function rejectionOf(error: unknown): RemediationApiError {
  if (error instanceof RemediationApiError) return error;
  if (keyFailures.some((failure) => error instanceof failure)) {
    return new KeysUnavailableError(error);
  }
  // aws-jwt-verify reports an issuer outside the configured pool as a parameter error.
  if (error instanceof ParameterValidationError && /^issuer not configured/.test(error.message)) {
    return new AuthenticationError('The token was issued by another identity provider.');
  }
  const reason = reasons.find(([rejection]) => error instanceof rejection)?.[1];
  return new AuthenticationError(reason ?? 'The token could not be verified.');
}
