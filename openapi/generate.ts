import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateDocument, serialize } from './document.js';
import { checkPluginRules } from './plugin-rules.js';
import { checkStructure } from './structure.js';

/**
 * `npm run openapi` writes openapi/openapi.json from the code; `npm run openapi:check` fails when
 * the committed file differs from the code, is not a valid OpenAPI document, or breaks a rule of
 * the chat assistants.
 */
const target = fileURLToPath(new URL('./openapi.json', import.meta.url));
const check = process.argv.includes('--check');

const document = await generateDocument();
const invalid = await checkStructure(document);
const broken = checkPluginRules(document);
for (const problem of invalid) console.error(`not a valid OpenAPI document: ${problem}`);
for (const problem of broken) console.error(`plugin rule broken: ${problem}`);
const problems = [...invalid, ...broken];
const fresh = serialize(document);

if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== fresh) {
    console.error(
      'openapi/openapi.json differs from the code: run `npm run openapi` and commit it.',
    );
    process.exitCode = 1;
  }
  if (problems.length > 0) process.exitCode = 1;
  if (!process.exitCode)
    console.log('openapi/openapi.json is current, valid OpenAPI, and meets the plugin rules.');
} else {
  await writeFile(target, fresh);
  console.log(`wrote ${target}`);
  if (problems.length > 0) process.exitCode = 1;
}
