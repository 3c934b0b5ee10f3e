import autocannon from 'autocannon';
import { type LoadResult, summarize } from './load-result.js';

export interface LoadOptions {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Requests in flight at once. */
  connections: number;
  requests?: number;
  warmup?: number;
}

/**
 * HTTP load through autocannon, bounded by count so it always stops. Latencies come from its
 * `response` events rather than its histogram, which keeps whole milliseconds: /health answers
 * in a fraction of one, and the ratios are built on those fractions.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = {
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
    connections: options.connections,
    // Audited writes queue on the trail's hash chain head; a slow answer is a figure, not an error.
    timeout: 60,
  };
  await check(options, await autocannon({ ...base, amount: options.warmup ?? 200 }));
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...base, amount: options.requests ?? 2000 }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await check(options, result);
  const row = summarize(options.name, latencies, seconds);
  if (process.env.BENCH_VERBOSE) console.error(options.connections, row);
  return row;
}

async function check(options: LoadOptions, result: autocannon.Result): Promise<void> {
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(
      `${options.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}
