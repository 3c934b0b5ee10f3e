import { loadDotEnv } from '../api/env/dotenv.js';
import { runCli } from './cli.js';

loadDotEnv();

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
