import { cpSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The bundle sits two folders deep, like api/policy/catalog.ts, because the catalog finds
 * `policies-docs/` at `../../policies-docs/` from its own module URL; in the bundle that URL is
 * the bundle file's.
 */
export const BUNDLE_FILE = 'api/lambda/index.mjs';
export const LAMBDA_HANDLER = 'api/lambda/index.handler';

/**
 * The Node 22 Lambda runtime ships AWS SDK v3; leaving it out keeps the bundle small (the EC2
 * client alone is about 1 MB minified). This is also NodejsFunction's default.
 */
export const RUNTIME_PROVIDED = ['@aws-sdk/*'];

export interface BundleOptions {
  outDir: string;
  /** Entry file; default api/lambda.ts. */
  entry?: string;
  /** Entry source instead of a file, resolved from the repository root (the bench's baseline). */
  source?: string;
  /** Bundle the AWS SDK too instead of using the runtime's copy (for comparison). */
  includeAwsSdk?: boolean;
  minify?: boolean;
}

export interface Bundle {
  dir: string;
  file: string;
  handler: string;
  bytes: number;
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
 * Builds the Lambda code folder with esbuild (no Docker): the ESM bundle, the policy documents
 * it reads at start, and the one file @fastify/swagger-ui reads when it registers.
 */
export function bundleLambda(options: BundleOptions): Bundle {
  const file = join(options.outDir, BUNDLE_FILE);
  buildSync({
    absWorkingDir: REPO_ROOT,
    ...(options.source === undefined
      ? { entryPoints: [options.entry ?? join(REPO_ROOT, 'api/lambda.ts')] }
      : { stdin: { contents: options.source, resolveDir: REPO_ROOT, loader: 'ts' as const } }),
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: ESM_SHIMS },
    external: options.includeAwsSdk ? [] : RUNTIME_PROVIDED,
    logLevel: 'error',
  });
  copyRuntimeFiles(dirname(file));
  return { dir: options.outDir, file, handler: LAMBDA_HANDLER, bytes: statSync(file).size };
}

function copyRuntimeFiles(bundleDir: string): void {
  const catalogDir = join(REPO_ROOT, 'api/policy');
  const policies = join(catalogDir, '../../policies-docs');
  cpSync(policies, join(bundleDir, relative(catalogDir, policies)), {
    recursive: true,
    filter: (source) => statSync(source).isDirectory() || source.endsWith('.md'),
  });
  // @fastify/swagger-ui reads its logo from `${__dirname}/static` and checks that
  // `${__dirname}/../static` exists when it registers. /docs is not routed through API Gateway,
  // so the rest of its 2.5 MB static folder is not shipped.
  const require = createRequire(import.meta.url);
  const logo = join(
    dirname(require.resolve('@fastify/swagger-ui/package.json')),
    'static/logo.svg',
  );
  for (const folder of [join(bundleDir, 'static'), join(bundleDir, '../static')]) {
    mkdirSync(folder, { recursive: true });
    cpSync(logo, join(folder, 'logo.svg'));
  }
}
