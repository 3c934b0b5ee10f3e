import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FetchError,
  JwtExpiredError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
} from 'aws-jwt-verify/error';
import { rejectionOf } from '../../../api/auth/token-rejection.js';
import { AuthenticationError, KeysUnavailableError } from '../../../api/errors.js';

/**
 * The Lambda bundle is minified: every class gets a short new name. Subclasses named like that
 * stand in for the renamed library classes, so only `instanceof` can classify them.
 */
describe('rejectionOf', () => {
  it('tells an expired token by class, whatever the class is called', () => {
    const a = class extends JwtExpiredError {};
    const rejection = rejectionOf(new a('Token expired at ...', 0));
    assert.ok(rejection instanceof AuthenticationError);
    assert.match(rejection.message, /expired/);
  });

  it('answers a key fetch failure as keys unavailable, keeping the cause for the log', () => {
    for (const failure of [FetchError, NonRetryableFetchError]) {
      const b = class extends failure {};
      const cause = new b('https://keys.example/jwks.json', 'HTTP 503');
      const rejection = rejectionOf(cause);
      assert.ok(rejection instanceof KeysUnavailableError, failure.name);
      assert.equal(rejection.cause, cause);
    }
  });

  it('names an unknown key', () => {
    const c = class extends KidNotFoundInJwksError {};
    assert.match(rejectionOf(new c('kid x')).message, /unknown key/);
  });
});
