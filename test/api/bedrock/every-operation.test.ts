import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTokenVerifier } from '../../../api/auth/token-verifier.js';
import { AwsClientFactory } from '../../../api/aws/clients.js';
import { type BedrockHandler, createBedrockHandler } from '../../../api/bedrock/handler.js';
import { bedrockDocuments } from '../../../openapi/bedrock-profile.js';
import { generateDocument } from '../../../openapi/document.js';
import { type Harness, startHarness } from '../../helpers/harness.js';
import { actionGroupEvent } from './events.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON documents freely
type Json = Record<string, any>;

/**
 * Every operation of every generated action-group document, invoked the way the agent would from
 * that document alone (its required fields filled with the examples the main document carries, a
 * write as a dry run): the handler knows each one and answers 200.
 */
describe('every operation of the Bedrock action groups', () => {
  let h: Harness;
  let handle: BedrockHandler;
  let main: Json;
  let groups: Record<string, Json>;
  before(async () => {
    h = await startHarness();
    handle = createBedrockHandler({
      config: h.config,
      verifier: createTokenVerifier(h.config, { jwks: h.tokens.jwks() }),
      aws: new AwsClientFactory(h.config),
      audit: h.audit,
    });
    main = (await generateDocument()) as Json;
    groups = bedrockDocuments(main) as Record<string, Json>;
  });
  after(() => h.close());

  it('answers each with 200 for a responder', async () => {
    const token = h.tokens.user('responder', { groups: ['security-responders'] });
    let count = 0;
    for (const [group, document] of Object.entries(groups)) {
      for (const [path, item] of Object.entries(document.paths as Json)) {
        for (const [method, operation] of Object.entries(item as Json)) {
          const source = main.paths[path][method];
          const example = (name: string, schema: Json) =>
            schema?.example ??
            schema?.examples?.[0] ??
            source.parameters?.find((p: Json) => p.name === name)?.example;
          const parameters = Object.fromEntries(
            ((operation.parameters ?? []) as Json[])
              .filter((p) => p.required)
              .map((p) => [
                p.name,
                example(p.name, source.parameters.find((s: Json) => s.name === p.name).schema),
              ]),
          );
          const schema = source.requestBody?.content['application/json'].schema as Json | undefined;
          const body = schema
            ? {
                ...Object.fromEntries(
                  ((schema.required ?? []) as string[]).map((name) => [
                    name,
                    example(name, schema.properties[name]),
                  ]),
                ),
                // A change is previewed; an operation without a dry run (cancel) is sent as is.
                ...(schema.properties.dryRun ? { dryRun: true } : {}),
              }
            : undefined;
          const response = await handle(
            actionGroupEvent({
              actionGroup: group,
              apiPath: path,
              httpMethod: method.toUpperCase() as 'GET' | 'POST',
              accessToken: token,
              ...(Object.keys(parameters).length ? { parameters } : {}),
              ...(body ? { body } : {}),
              confirmationState: 'CONFIRM',
            }),
          );
          const answer = response.response.responseBody['application/json'].body;
          assert.equal(
            response.response.httpStatusCode,
            200,
            `${operation.operationId}: ${answer}`,
          );
          assert.ok(JSON.parse(answer).summary, operation.operationId);
          count += 1;
        }
      }
    }
    // Every operation of every group was called (the loop above cannot skip one silently).
    const operations = Object.values(groups).flatMap((document) =>
      Object.values(document.paths as Json).flatMap((item) => Object.keys(item as Json)),
    );
    assert.equal(count, operations.length);
    assert.ok(count >= 8);
  });
});
