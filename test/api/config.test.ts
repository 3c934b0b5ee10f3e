import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../api/config.js';
import { ConfigError } from '../../api/errors.js';
import { loadPluginConfig } from '../../plugin/config.js';

describe('configuration', () => {
  it('runs the sandbox with no environment at all', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.cognito.userPoolId, 'us-east-1_Sandbox01');
    assert.equal(
      config.cognito.jwksUri,
      'http://127.0.0.1:4566/us-east-1_Sandbox01/.well-known/jwks.json',
    );
    assert.deepEqual(config.allowedAccounts, ['222222222222', '333333333333']);
    assert.equal(config.remediationRoleName, 'SecurityRemediationRole');
  });

  it("takes a real pool's keys from its own issuer unless overridden", () => {
    const config = loadConfig({ COGNITO_USER_POOL_ID: 'eu-west-1_AbC123' });
    assert.equal(
      config.cognito.jwksUri,
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
    );
    const overridden = loadConfig({
      COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
      COGNITO_JWKS_URI: 'http://keys.internal:8080/jwks.json',
    });
    assert.equal(overridden.cognito.jwksUri, 'http://keys.internal:8080/jwks.json');
  });

  it('names every wrong variable at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          ALLOWED_ACCOUNTS: '2222,333333333333',
          COGNITO_JWKS_URI: 'ftp://x',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT="eighty"/);
        assert.match(error.message, /ALLOWED_ACCOUNTS has "2222"/);
        assert.match(error.message, /COGNITO_JWKS_URI="ftp:\/\/x"/);
        return true;
      },
    );
  });

  it('reads lists with spaces and rejects empty ones', () => {
    assert.deepEqual(loadConfig({ ALLOWED_REGIONS: ' us-east-1 , eu-west-1 ' }).allowedRegions, [
      'us-east-1',
      'eu-west-1',
    ]);
    assert.throws(() => loadConfig({ GROUPS_RESPONDERS: ' , ' }), /GROUPS_RESPONDERS must list/);
  });

  it('moves every local URL with PORT and SANDBOX_PORT alone', () => {
    const config = loadConfig({ PORT: '3100', SANDBOX_PORT: '4600', DYNAMODB_PORT: '4601' });
    assert.equal(config.publicUrl, 'http://127.0.0.1:3100');
    assert.equal(config.policyBaseUrl, 'http://127.0.0.1:3100/policies');
    assert.equal(config.cognito.domainUrl, 'http://127.0.0.1:4600');
    assert.equal(
      config.cognito.jwksUri,
      'http://127.0.0.1:4600/us-east-1_Sandbox01/.well-known/jwks.json',
    );
    assert.equal(config.local.dynamoDbUrl, 'http://127.0.0.1:4601');
    const plugin = loadPluginConfig({ PORT: '3100', SANDBOX_PORT: '4600' });
    assert.equal(plugin.endpoint, 'http://127.0.0.1:4600');
    assert.equal(plugin.plugin.apiUrl, 'http://127.0.0.1:3100');
    assert.equal(plugin.plugin.cognitoDomainUrl, 'http://127.0.0.1:4600');
    assert.equal(plugin.policy.baseUrl, 'http://127.0.0.1:3100/policies');
  });

  it('names a wrong port', () => {
    assert.throws(
      () => loadConfig({ SANDBOX_PORT: '70000', DYNAMODB_PORT: 'x' }),
      /SANDBOX_PORT="70000" must be a whole number from 1 to 65535[\s\S]*DYNAMODB_PORT="x"/,
    );
  });

  it('reports a wrong PUBLIC_URL once, not again through the POLICY_BASE_URL built on it', () => {
    assert.throws(
      () => loadConfig({ PUBLIC_URL: 'nope' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PUBLIC_URL="nope" must be an http\(s\) URL/);
        assert.doesNotMatch(error.message, /POLICY_BASE_URL/);
        return true;
      },
    );
  });
});
