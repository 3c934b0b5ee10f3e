import pretty from 'pino-pretty';

/**
 * `npm start`'s log lines for a person at a terminal: time, level and message on one line.
 * Only the local server uses it; the Lambda and `api/server.ts` keep pino's JSON, which
 * CloudWatch Logs Insights and other tools read. Synchronous, so no worker thread is left behind.
 */
export function prettyLogs() {
  return pretty({
    colorize: process.stdout.isTTY,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname',
    sync: true,
  });
}
