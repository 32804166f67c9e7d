// Where `mlx serve`'s CPU goes, from a V8 CPU profile (bench/serve-probe.js): every sample is given to
// the innermost frame whose script says what it is (a native leaf such as the socket write counts for the
// JS that called it), grouped into the parts of a request's path.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The part of the request path a script belongs to; null = unknown (look at the caller). */
function part(url: string, fn: string): string | null {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8 / native (unattributed)';
  if (url.startsWith('wasm://')) return 'model (encode, kernels, decode)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === 'hono' || pkg === '@hono/node-server') return 'Hono + its Node adapter';
  if (pkg === 'zod') return 'request validation (zod)';
  if (pkg === 'prom-client') return 'Prometheus metrics';
  if (pkg === 'winston' || pkg === 'logform' || pkg === 'winston-transport' || pkg === 'readable-stream')
    return 'logging (winston)';
  if (pkg) return `other packages (${pkg})`;
  const lib = /\/(?:dist|src)\/lib\/([^/]+)(?:\/([^/]+))?/.exec(url);
  if (lib) {
    const [, area, sub] = lib;
    if (area === 'model' || area === 'data') return 'model (encode, kernels, decode)';
    if (area === 'prediction-store') return 'prediction store (main thread)';
    if (area === 'logging.ts' || area === 'logging.js') return 'access log';
    if (area === 'serving' && sub === 'validation') return 'request validation (zod)';
    if (area === 'serving') return 'mlx serving (middleware, routes, micro-batcher)';
    return `mlx ${area}`;
  }
  if (url.startsWith('node:')) return 'Node HTTP, sockets, streams, timers';
  return null;
}

/** Shares of the busy samples (idle excluded) by part of the request path, largest first. */
export function cpuByPart(file: string): { part: string; share: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string>();
  const partOf = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    let at: number | undefined = id;
    let found: string | null = null;
    while (at !== undefined && !found) {
      const node = byId.get(at);
      found = node ? part(node.callFrame.url, node.callFrame.functionName) : null;
      at = parent.get(at);
    }
    const result = found ?? 'V8 / native (unattributed)';
    memo.set(id, result);
    return result;
  };
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    const p = partOf(id);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const busy = profile.samples.length - (counts.get('idle') ?? 0);
  return [...counts]
    .filter(([p]) => p !== 'idle')
    .map(([p, n]) => ({ part: p, share: n / Math.max(1, busy) }))
    .sort((a, b) => b.share - a.share);
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface Allocation {
  /** Bytes allocated in the window (the sampling profiler's estimate: its samples scaled up by V8). */
  bytes: number;
  byPart: { part: string; bytes: number }[];
  /** The functions that allocated most themselves (name, file:line), largest first. */
  top: { frame: string; part: string; bytes: number }[];
}

/**
 * What a heap profile of a window allocated (bench/serve-probe.js with MLX_BENCH_PROBE_HEAP=1: objects the
 * scavenges freed included), by part of the request path (a frame of unknown script counts for its caller,
 * as in cpuByPart) and by allocating function.
 */
export function allocByPart(file: string, topCount = 15): Allocation {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const parts = new Map<string, number>();
  const frames = new Map<string, { part: string; bytes: number }>();
  let bytes = 0;
  const visit = (node: HeapNode, inherited: string) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const own = part(url, functionName);
    const at = own && own !== 'idle' ? own : inherited;
    if (node.selfSize > 0) {
      bytes += node.selfSize;
      parts.set(at, (parts.get(at) ?? 0) + node.selfSize);
      const frame = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      const seen = frames.get(frame) ?? { part: at, bytes: 0 };
      seen.bytes += node.selfSize;
      frames.set(frame, seen);
    }
    for (const child of node.children) visit(child, at);
  };
  visit(head, 'V8 / native (unattributed)');
  return {
    bytes,
    byPart: [...parts].map(([p, b]) => ({ part: p, bytes: b })).sort((a, b) => b.bytes - a.bytes),
    top: [...frames]
      .map(([frame, v]) => ({ frame, ...v }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, topCount),
  };
}
