import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame comes from: our code, a package, or Node and V8 themselves. */
function origin(url: string, functionName = ''): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const ours = /\/(api|infra)\/(.*)$/.exec(url);
  if (ours) return `ours: ${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return 'node';
  return url === '' ? functionName || '(native)' : url;
}

/**
 * Per-request CPU time of a `node --cpu-prof` profile: self time by origin, and the functions of
 * our own code by inclusive time (themselves and what they call), each divided by `requests`.
 */
export function summarizeProfile(file: string, requests: number, top = 12): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id);
    if (!leaf) return;
    const where = origin(leaf.callFrame.url, leaf.callFrame.functionName);
    self.set(where, (self.get(where) ?? 0) + us);
    const fn = `${leaf.callFrame.functionName || '(anonymous)'} [${where}]`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
    const seen = new Set<string>();
    for (
      let node: ProfileNode | undefined = leaf;
      node;
      node = byId.get(parent.get(node.id) ?? -1)
    ) {
      const { url, functionName, lineNumber } = node.callFrame;
      if (!origin(url).startsWith('ours')) continue;
      const key = `${functionName || '(anonymous)'} ${origin(url).slice(6)}:${lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  });
  const perRequest = (us: number) => `${(us / requests / 1000).toFixed(3).padStart(7)} ms`;
  const table = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `  ${perRequest(us)}  ${name}`)
      .join('\n');
  return [
    `CPU per request, self time by origin:\n${table(self)}`,
    `Self time by function:\n${table(selfByFunction)}`,
    // Synchronous work only: time spent after an await is charged to the callback that resumed.
    `Our functions, inclusive (synchronous) time per request:\n${table(inclusive)}`,
  ].join('\n\n');
}
