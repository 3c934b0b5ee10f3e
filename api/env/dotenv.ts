import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory into `process.env` when the file exists (copy
 * `.env.example` to start one; git ignores `.env`). Variables already set win, so a one-off
 * `PORT=3100 npm start` still overrides the file. Node's own parser (20.12+), so no dependency.
 * Only commands run on a developer's machine call this: the Lambda has no `.env`.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
