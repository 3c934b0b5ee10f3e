import { ToolError } from './errors.js';

export const COMMANDS = ['register', 'sync-policies', 'status'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Arguments {
  command?: Command;
  dryRun: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run plugin -- <command> [--dry-run]

Commands:
  register        create or update the Q Business custom plugin from the OpenAPI document
  sync-policies   put one document per policy control into the CUSTOM data source
  status          show the plugin's build status and the data source's last sync

Options:
  --dry-run       print exactly what would be sent to Q Business, send nothing
  --help          show this help

With QBUSINESS_APPLICATION_ID unset, the tool targets the sandbox started by \`npm start\`.
See plugin/README.md for every variable.`;

export function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = { dryRun: false, help: false };
  for (const arg of argv) {
    if (arg === '--dry-run') parsed.dryRun = true;
    else if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg.startsWith('-')) throw new ToolError(`Unknown option ${arg}.\n\n${USAGE}`);
    else if (parsed.command)
      throw new ToolError(`Give one command, not "${parsed.command}" and "${arg}".\n\n${USAGE}`);
    else if ((COMMANDS as readonly string[]).includes(arg)) parsed.command = arg as Command;
    else
      throw new ToolError(
        `Unknown command "${arg}"; use one of ${COMMANDS.join(', ')}.\n\n${USAGE}`,
      );
  }
  if (!parsed.command && !parsed.help) throw new ToolError(`Give a command.\n\n${USAGE}`);
  return parsed;
}
