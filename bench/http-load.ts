import { Agent, request } from 'node:http';

export interface LoadResult {
  name: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Requests in flight at once. */
  connections?: number;
  requests?: number;
  warmup?: number;
}

/**
 * A small closed-loop load generator over keep-alive sockets: `connections` workers each send
 * the next request when the previous answer arrives. Bounded by count, so it always stops.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = options.connections ?? 16;
  const total = options.requests ?? 3000;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const once = () => send(agent, options.url, options.headers ?? {});
  await Promise.all(Array.from({ length: options.warmup ?? 200 }, once));
  const latencies: number[] = [];
  let issued = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (issued < total) {
      issued += 1;
      const t0 = process.hrtime.bigint();
      await once();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    name: options.name,
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

function send(agent: Agent, url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
