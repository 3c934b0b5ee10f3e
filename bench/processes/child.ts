import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The line a child prints, once, when it is ready: `READY {json}`. */
const READY = 'READY ';

export interface Child<T> {
  ready: T;
  process: ChildProcess;
  /** SIGTERM, then wait for the exit (a --cpu-prof child writes its profile on the way out). */
  stop(): Promise<void>;
}

/**
 * Runs one of the bench's processes (a TypeScript file beside this one) in its own Node, so
 * the load generator, the API and the cloud it calls do not share a CPU-bound event loop, as in
 * AWS where the cloud is remote. Resolves with what the child announces when it is ready.
 */
export function startChild<T>(
  name: string,
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
): Promise<Child<T>> {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench process ${name} exited (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (!line.startsWith(READY)) return;
      resolve({
        ready: JSON.parse(line.slice(READY.length)) as T,
        process: child,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** Called by a child: announce readiness, and run `close` on SIGTERM before exiting. */
export function announceReady(value: unknown, close: () => Promise<void>): void {
  process.stdout.write(`${READY}${JSON.stringify(value)}\n`);
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
