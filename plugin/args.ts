import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

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

/** Options are parsed by node:util's parseArgs; only the command's meaning is ours. */
export function parseArguments(argv: string[]): Arguments {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  const [command, extra] = positionals;
  if (extra !== undefined)
    throw new UsageError(`Give one command, not "${command}" and "${extra}".\n\n${USAGE}`);
  if (command === undefined) {
    if (help) return { dryRun: values['dry-run'], help };
    throw new UsageError(`Give a command.\n\n${USAGE}`);
  }
  if (!isCommand(command))
    throw new UsageError(
      `Unknown command "${command}"; use one of ${COMMANDS.join(', ')}.\n\n${USAGE}`,
    );
  return { command, dryRun: values['dry-run'], help };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}
