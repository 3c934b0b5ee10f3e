import type { Writable } from 'node:stream';
import { PolicyCatalog } from '../api/policy/catalog.js';
import { generateDocument } from '../openapi/document.js';
import { parseArguments, USAGE } from './args.js';
import { createQBusinessClient } from './client.js';
import { loadPluginConfig } from './config.js';
import { ToolError, UsageError } from './errors.js';
import { type Output, streamOutput } from './output.js';
import { registerPlugin } from './register.js';
import { Session } from './session.js';
import { showStatus } from './status.js';
import { syncPolicies } from './sync-policies.js';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: Writable;
  stderr: Writable;
  /** Overrides the generated OpenAPI document (tests of a failing build). */
  document?: Record<string, unknown>;
  /** Overrides the policy directory (tests of sections that disappear). */
  policyDirectory?: string;
}

/** `npm run plugin -- <command> [--dry-run]`; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const out: Output = streamOutput(io.stdout, io.stderr);
  let client: ReturnType<typeof createQBusinessClient> | undefined;
  try {
    const args = parseArguments(argv);
    if (args.help || !args.command) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const config = loadPluginConfig(io.env);
    client = args.dryRun ? undefined : createQBusinessClient(config);
    const session = client ? new Session(config, client) : undefined;
    const catalog = () => PolicyCatalog.load(config.policy.baseUrl, io.policyDirectory);
    switch (args.command) {
      case 'register':
        await registerPlugin(config, io.document ?? (await generateDocument(io.env)), out, session);
        break;
      case 'sync-policies':
        await syncPolicies(config, catalog(), out, session);
        break;
      case 'status':
        await showStatus(config, catalog(), out, session);
        break;
    }
    return 0;
  } catch (error) {
    if (error instanceof ToolError) {
      io.stderr.write(`✗ ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    io.stderr.write(`✗ Unexpected failure: ${(error as Error).stack ?? error}\n`);
    return 1;
  } finally {
    client?.destroy();
  }
}
