import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sdkSchemaKeysPlugin } from './sdk-schema-keys.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The bundle sits two folders deep, like api/policy/catalog.ts, because the catalog finds
 * `policies-docs/` at `../../policies-docs/` from its own module URL; in the bundle that URL is
 * the bundle file's.
 */
export const BUNDLE_FILE = 'api/lambda/index.mjs';
export const LAMBDA_HANDLER = 'api/lambda/index.handler';

/**
 * The Node 22 Lambda runtime ships AWS SDK v3 (NodejsFunction leaves it out by default), but
 * loading whole clients from it costs about 500 ms of cold start (EC2's 2 MB file alone ~400 ms).
 * Bundled from its ES modules, with the schema keys made literal, only the operations we call
 * remain (EC2: 17 KB instead of 570 KB) and the SDK version is the one the tests ran against.
 */
export const RUNTIME_PROVIDED = ['@aws-sdk/*'];

export interface BundleOptions {
  outDir: string;
  /** Entry file; default api/lambda.ts. */
  entry?: string;
  /** Entry source instead of a file, resolved from the repository root (the bench's baseline). */
  source?: string;
  /** Where the AWS SDK comes from: bundled (default, deployed) or the runtime's copy (comparison). */
  awsSdk?: 'bundled' | 'runtime';
  minify?: boolean;
}

export interface Bundle {
  dir: string;
  /** The handler's module; the chunks it loads on demand sit beside it. */
  file: string;
  handler: string;
  /** All JavaScript in the bundle: the handler's module and every chunk. */
  bytes: number;
  /** The modules a cold start loads: the handler's and the chunks it imports statically. */
  coldStartFiles: string[];
  coldStartBytes: number;
}

// Bundled CommonJS dependencies (fastify's) still call require and read __dirname.
const ESM_SHIMS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  'const __dirname = __pathDirname(__filename);',
].join('');

/**
 * Builds the Lambda code folder with esbuild (no Docker): the ESM bundle and the policy documents
 * it reads at start. Code behind a dynamic import (the actions' behaviour, the AWS services, and
 * with them the SDK) goes to chunks loaded on first use, so a cold start loads only the rest.
 */
export async function bundleLambda(options: BundleOptions): Promise<Bundle> {
  const file = join(options.outDir, BUNDLE_FILE);
  const runtimeSdk = options.awsSdk === 'runtime';
  await build({
    absWorkingDir: REPO_ROOT,
    ...(options.source === undefined
      ? { entryPoints: [options.entry ?? join(REPO_ROOT, 'api/lambda.ts')] }
      : { stdin: { contents: options.source, resolveDir: REPO_ROOT, loader: 'ts' as const } }),
    outdir: dirname(file),
    entryNames: basename(file, '.mjs'),
    // Beside the entry: code that finds files from its own URL (the policy catalog) works in any.
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: ESM_SHIMS },
    external: runtimeSdk ? RUNTIME_PROVIDED : [],
    // ES modules tree-shake; the SDK's CommonJS builds are one file per client.
    mainFields: ['module', 'main'],
    plugins: runtimeSdk ? [] : [sdkSchemaKeysPlugin],
    logLevel: 'error',
  });
  copyRuntimeFiles(dirname(file));
  const size = (names: string[]) =>
    names.reduce((sum, name) => sum + statSync(join(dirname(file), name)).size, 0);
  const coldStartFiles = staticImportClosure(file);
  return {
    dir: options.outDir,
    file,
    handler: LAMBDA_HANDLER,
    bytes: size(readdirSync(dirname(file)).filter((name) => name.endsWith('.mjs'))),
    coldStartFiles,
    coldStartBytes: size(coldStartFiles),
  };
}

// `import{a}from"./chunk.mjs"`, `export{a}from"./chunk.mjs"`, `import"./chunk.mjs"`; not `import("./chunk.mjs")`.
const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+\.mjs)["']/g;

/** The entry and every chunk it reaches through static imports, as file names. */
function staticImportClosure(entry: string): string[] {
  const dir = dirname(entry);
  const seen = new Set([basename(entry)]);
  const queue = [basename(entry)];
  for (let name = queue.shift(); name; name = queue.shift()) {
    for (const [, imported] of readFileSync(join(dir, name), 'utf8').matchAll(STATIC_IMPORT)) {
      if (imported && !seen.has(imported)) {
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  return [...seen];
}

function copyRuntimeFiles(bundleDir: string): void {
  const catalogDir = join(REPO_ROOT, 'api/policy');
  const policies = join(catalogDir, '../../policies-docs');
  cpSync(policies, join(bundleDir, relative(catalogDir, policies)), {
    recursive: true,
    filter: (source) => statSync(source).isDirectory() || source.endsWith('.md'),
  });
}
