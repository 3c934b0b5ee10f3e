import { Writable } from 'node:stream';
import { QBusinessClient } from '@aws-sdk/client-qbusiness';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Sandbox } from '../../infra/local/sandbox/server.js';
import { type CliIo, runCli } from '../../plugin/cli.js';
import { SANDBOX } from '../../plugin/config.js';

export { SANDBOX };

/** A stream that keeps what was written. */
export function capture(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text(): string };
  stream.text = () => chunks.join('');
  return stream;
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the plugin tool as `npm run plugin` would, against `sandbox`: the only configuration is
 * the endpoint, as after `npm start` (where it is the default).
 */
export async function runTool(
  sandbox: Sandbox | undefined,
  argv: string[],
  extra: Partial<CliIo> & { env?: Record<string, string> } = {},
): Promise<ToolRun> {
  const stdout = capture();
  const stderr = capture();
  const env = {
    ...(sandbox ? { AWS_ENDPOINT_URL: sandbox.url } : {}),
    PLUGIN_POLL_MS: '20',
    ...extra.env,
  };
  const code = await runCli(argv, { ...extra, env, stdout, stderr });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The SDK client a test uses to look at Q Business state the way AWS would show it. */
export function qbusiness(sandbox: Sandbox): QBusinessClient {
  return new QBusinessClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIATESTSTATICKEY001', secretAccessKey: 'test-secret' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
}
