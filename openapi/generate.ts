import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bedrockDocuments } from './bedrock-profile.js';
import { checkBedrockRules } from './bedrock-rules.js';
import { generateDocument, serialize } from './document.js';
import { operationsInNoAudience, pluginDocuments } from './plugin-documents.js';
import { checkPluginRules } from './plugin-rules.js';
import { checkStructure } from './structure.js';

/**
 * `npm run openapi` writes openapi/openapi.json, the Bedrock action-group documents
 * (openapi/bedrock/<group>.json) and, once the API has more operations than one plugin takes, the
 * plugin document of each audience (openapi/plugins/<audience>.json), all from the code.
 * `npm run openapi:check` fails when a committed file differs from the code (or is left over), is
 * not a valid OpenAPI document, or breaks a rule of the chat assistants (every plugin document) or
 * of Amazon Bedrock Agents (the action groups).
 */
const check = process.argv.includes('--check');
const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

const document = await generateDocument();
const plugins = pluginDocuments(document);
const split = plugins.some(({ audience }) => audience);
const files: Array<{ target: string; fresh: string; problems: string[] }> = [];
{
  const invalid = await checkStructure(document);
  // While the API fits one plugin its document is that plugin; once split, each audience's is.
  const broken = split ? [] : checkPluginRules(document);
  const lost = operationsInNoAudience(document).map(
    (operation) => `${operation} names no scope of any audience, so no plugin would hold it`,
  );
  for (const problem of invalid) console.error(`not a valid OpenAPI document: ${problem}`);
  for (const problem of [...broken, ...lost]) console.error(`plugin rule broken: ${problem}`);
  files.push({
    target: here('./openapi.json'),
    fresh: serialize(document),
    problems: [...invalid, ...broken, ...lost],
  });
}
for (const { audience, document: pluginDocument } of plugins) {
  if (!audience) continue;
  const invalid = await checkStructure(pluginDocument);
  const broken = checkPluginRules(pluginDocument);
  for (const problem of invalid) console.error(`plugins/${audience}.json is not valid: ${problem}`);
  for (const problem of broken) console.error(`plugins/${audience}.json: ${problem}`);
  files.push({
    target: here(`./plugins/${audience}.json`),
    fresh: serialize(pluginDocument),
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

// A plugin document of an audience the API no longer splits into would be registered stale.
const pluginsDir = here('./plugins');
const leftOver = (await readdir(pluginsDir).catch(() => []))
  .map((name) => join(pluginsDir, name))
  .filter((path) => !files.some(({ target }) => target === path));

for (const { target, fresh, problems } of files) {
  if (problems.length > 0) process.exitCode = 1;
  if (check) {
    const committed = await readFile(target, 'utf8').catch(() => '');
    if (committed !== fresh) {
      console.error(`${target} differs from the code: run \`npm run openapi\` and commit it.`);
      process.exitCode = 1;
    }
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, fresh);
    console.log(`wrote ${target} (${Buffer.byteLength(fresh)} bytes)`);
  }
}
for (const path of leftOver) {
  if (check) {
    console.error(`${path} is no plugin document of the API any more: run \`npm run openapi\`.`);
    process.exitCode = 1;
  } else {
    await rm(path);
    console.log(`removed ${path}`);
  }
}
if (check && !process.exitCode) {
  console.log(
    `openapi/openapi.json, openapi/bedrock/*.json${split ? ' and openapi/plugins/*.json' : ''} are current, valid OpenAPI, and meet the plugin and Bedrock rules.`,
  );
}
