import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateDocument } from '../../openapi/document.js';
import { checkStructure } from '../../openapi/structure.js';

// biome-ignore lint/suspicious/noExplicitAny: the test edits a JSON document freely
type Json = Record<string, any>;

/** `npm run openapi:check` names each place the document breaks the OpenAPI 3.0 schema. */
describe('the structure check of the OpenAPI document', () => {
  it('names each malformed place, which the plugin rules alone let through', async () => {
    const document = (await generateDocument()) as Json;
    const inspect = document.paths['/security-groups'].get;
    inspect.parameters[0].in = 'body-ish';
    delete inspect.responses['200'].description;
    // ajv-errors' keyword, which is why a field's 400 words live in x-error-message instead.
    const close = document.paths['/security-groups/close-port'].post;
    close.requestBody.content['application/json'].schema.properties.accountId.errorMessage = 'x';
    const problems = (await checkStructure(document)).join('\n');
    assert.match(problems, /"in": "body-ish"/);
    assert.match(problems, /description is missing here/);
    assert.match(problems, /errorMessage is not expected to be here/);
  });
});
