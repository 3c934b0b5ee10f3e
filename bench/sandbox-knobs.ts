import type { CallRecord } from '../infra/local/sandbox/knobs.js';

/** The sandbox's knobs over HTTP (infra/local/sandbox/knobs.ts), for a sandbox in another process. */
export function sandboxKnobs(url: string) {
  const send = async (method: string, path: string, body?: object): Promise<unknown> => {
    const response = await fetch(`${url}/_sandbox${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${answer.error}`);
    return answer;
  };
  return {
    reset: () => send('POST', '/reset'),
    clearCalls: () => send('DELETE', '/calls'),
    async calls(service: string): Promise<CallRecord[]> {
      return ((await send('GET', `/calls?service=${service}`)) as { calls: CallRecord[] }).calls;
    },
    rateLimits: (options: { enabled: boolean; startEmpty?: boolean; scale?: number }) =>
      send('POST', '/rate-limits', options),
  };
}
