import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Absolute, so a script can run from another working directory (one holding a .env, say).
const NODE_ARGS = ['--import', import.meta.resolve('tsx')];

/**
 * The project's commands run as `npm run` runs them: a child process with tsx, from the
 * repository, with only the environment the test gives (plus PATH and HOME to find node).
 */
export function scriptEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  };
}

/** Runs a script (a path from the repository's root) to its end. */
export function runScript(
  file: string,
  args: string[],
  env: Record<string, string>,
  cwd: string = ROOT,
) {
  return spawnSync(process.execPath, [...NODE_ARGS, `${ROOT}${file}`, ...args], {
    cwd,
    encoding: 'utf8',
    env: scriptEnv(env),
    timeout: 240_000,
  });
}

export interface RunningScript {
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running script and resolves once its output matches `ready`. */
export async function startScript(
  file: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<RunningScript> {
  const child: ChildProcess = spawn(process.execPath, [...NODE_ARGS, `${ROOT}${file}`], {
    cwd: ROOT,
    env: scriptEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const running: RunningScript = {
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${output}`));
    });
  }).catch(async (error) => {
    await running.stop();
    throw error;
  });
  return running;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
