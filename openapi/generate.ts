import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bedrockDocuments } from './bedrock-profile.js';
import { checkBedrockRules } from './bedrock-rules.js';
import { generateDocument, serialize } from './document.js';
import { checkPluginRules } from './plugin-rules.js';
import { checkStructure } from './structure.js';

/**
 * `npm run openapi` writes openapi/openapi.json and the Bedrock action-group documents
 * (openapi/bedrock/<group>.json) from the code; `npm run openapi:check` fails when a committed
 * file differs from the code, is not a valid OpenAPI document, or breaks a rule of the chat
 * assistants (the main document) or of Amazon Bedrock Agents (the action groups).
 */
const check = process.argv.includes('--check');
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const document = await generateDocument();
const files: Array<{ target: string; fresh: string; problems: string[] }> = [];
{
  const invalid = await checkStructure(document);
  const broken = checkPluginRules(document);
  for (const problem of invalid) console.error(`not a valid OpenAPI document: ${problem}`);
  for (const problem of broken) console.error(`plugin rule broken: ${problem}`);
  files.push({
    target: here('./openapi.json'),
    fresh: serialize(document),
    problems: [...invalid, ...broken],
  });
}
for (const [group, groupDocument] of Object.entries(bedrockDocuments(document))) {
  const invalid = await checkStructure(groupDocument);
  const broken = checkBedrockRules(groupDocument, group);
  for (const problem of invalid) console.error(`bedrock/${group}.json is not valid: ${problem}`);
  for (const problem of broken) console.error(`Bedrock rule broken: ${problem}`);
  files.push({
    target: here(`./bedrock/${group}.json`),
    fresh: serialize(groupDocument),
    problems: [...invalid, ...broken],
  });
}

for (const { target, fresh, problems } of files) {
  if (problems.length > 0) process.exitCode = 1;
  if (check) {
    const committed = await readFile(target, 'utf8').catch(() => '');
    if (committed !== fresh) {
      console.error(`${target} differs from the code: run \`npm run openapi\` and commit it.`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(target, fresh);
    console.log(`wrote ${target} (${Buffer.byteLength(fresh)} bytes)`);
  }
}
if (check && !process.exitCode) {
  console.log(
    'openapi/openapi.json and openapi/bedrock/*.json are current, valid OpenAPI, and meet the plugin and Bedrock rules.',
  );
}
