import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
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

/** A layer of the process and how to tell its frames: the URL (or function name) they match. */
export interface Layer {
  name: string;
  test: RegExp;
}

/**
 * CPU time per unit of work (e.g. per bulk target), by layer: each sample goes to the layer of the
 * nearest frame, from the running function up its stack, that any layer matches, so a JSON.parse
 * inside the SDK counts as the SDK. Work started by the event loop itself (socket reads, the HTTP
 * parser, timers) has no caller of ours on its stack and stays under "node", unattributed.
 */
export function summarizeByLayer(
  file: string,
  units: number,
  layers: readonly Layer[],
  /** Only samples in this span of the profile's clock (microseconds, monotonic). */
  window?: { from: number; to: number },
): { table: string; totalMs: number; byLayer: Map<string, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const layerOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = layerOf.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node) return 'node';
    const { url, functionName } = node.callFrame;
    const here = layers.find((layer) => layer.test.test(url || functionName));
    const found = here?.name ?? (parent.has(id) ? classify(parent.get(id) as number) : 'node');
    layerOf.set(id, found);
    return found;
  };
  const byLayer = new Map<string, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (window && (at < window.from || at > window.to)) return;
    const node = byId.get(id);
    if (node?.callFrame.functionName === '(idle)') return;
    const layer = classify(id);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + us);
    total += us;
  });
  const perUnit = (us: number) => `${(us / units / 1000).toFixed(2).padStart(6)} ms`;
  const table = [...byLayer]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([name, us]) => `  ${perUnit(us)}  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`,
    )
    .join('\n');
  return {
    table: `${table}\n  ${perUnit(total)}  100.0 %  total (busy, without idle)`,
    totalMs: total / 1000,
    byLayer,
  };
}
