import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sandboxMachineToken } from '../../../infra/local/sandbox/cognito/machine-token.js';
import { freePort, type RunningScript, startScript } from '../../helpers/scripts.js';

const READY = /Get a token/;

/** `npm start` as a person runs it, with nothing set but the ports. */
describe('npm start on moved ports', () => {
  let start: RunningScript;
  let api: string;
  let sandbox: string;

  before(async () => {
    const [port, sandboxPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
    api = `http://127.0.0.1:${port}`;
    sandbox = `http://127.0.0.1:${sandboxPort}`;
    start = await startScript(
      'infra/local/start.ts',
      { PORT: `${port}`, SANDBOX_PORT: `${sandboxPort}`, DYNAMODB_PORT: `${dynamoPort}` },
      READY,
    );
  });
  after(() => start?.stop());

  it("verifies the sandbox's tokens with keys fetched from SANDBOX_PORT", async () => {
    const token = await sandboxMachineToken(sandbox);
    const response = await fetch(
      `${api}/security-groups?accountId=222222222222&region=us-east-1&groupId=sg-0a1b2c3d4e5f60001`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    assert.equal(response.status, 200, await response.text());
  });

  it("lets Swagger UI sign in on the API's port and sends it to the moved sandbox", async () => {
    const document = (await (await fetch(`${api}/openapi.json`)).json()) as {
      servers: { url: string }[];
      components: { securitySchemes: { oauth2: { flows: { authorizationCode: object } } } };
    };
    assert.deepEqual(document.servers, [{ url: api }]);
    assert.equal(
      (document.components.securitySchemes.oauth2.flows.authorizationCode as { tokenUrl: string })
        .tokenUrl,
      `${sandbox}/oauth2/token`,
    );
    const authorize = new URL(`${sandbox}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'sandbox-swagger',
      redirect_uri: `${api}/docs/static/oauth2-redirect.html`,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const page = await fetch(authorize);
    assert.equal(page.status, 200, await page.text());
  });

  it('logs in lines a person reads, not JSON', () => {
    assert.match(start.output(), /INFO: Server listening at http:\/\/127\.0\.0\.1:\d+/);
    assert.doesNotMatch(start.output(), /"level":30/);
  });

  it('prints the addresses it actually uses', () => {
    assert.match(start.output(), new RegExp(`Swagger UI \\(sign in\\) +${api}/docs`));
    assert.match(
      start.output(),
      new RegExp(`AWS calls \\(EC2, IAM, STS\\) +${sandbox} +\\(the sandbox\\)`),
    );
  });
});

describe('npm start with AWS endpoints set elsewhere', () => {
  it('says which endpoints come from the environment, and starts no DynamoDB of its own', async () => {
    const [port, sandboxPort] = [await freePort(), await freePort()];
    const start = await startScript(
      'infra/local/start.ts',
      {
        PORT: `${port}`,
        SANDBOX_PORT: `${sandboxPort}`,
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4510',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4511',
      },
      READY,
    );
    await start.stop();
    const output = start.output();
    assert.match(
      output,
      /AWS calls \(EC2, IAM, STS\) +http:\/\/127\.0\.0\.1:4510 +\(from AWS_ENDPOINT_URL, not the sandbox\)/,
    );
    assert.match(
      output,
      /Audit trail \(DynamoDB\) +http:\/\/127\.0\.0\.1:4511 +\(from AWS_ENDPOINT_URL_DYNAMODB/,
    );
  });
});
