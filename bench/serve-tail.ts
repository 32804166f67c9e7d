// Where the serving tail comes from (`npm run bench -- serve --tail`): `mlx serve` in the realistic
// configuration and with one suspect turned off at a time (the access log, the store, micro-batching),
// rounds interleaved, each server measured from the inside by bench/serve-probe.js over the wrk window:
// GC pauses (perf_hooks), the event loop's delay (how long a ready callback waited: anything that blocks
// the loop), then one more run under the CPU profiler: where the CPU time goes, by part of the path, and one
// under the sampling heap profiler: what a request allocates (what makes the scavenges), by part and function.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, printTable, projectRoot } from './lib.js';
import { startServer, type WrkResult, wrk } from './serve-lib.js';
import { type Allocation, allocByPart, cpuByPart } from './serve-profile.js';

const PROBE = path.join(projectRoot, 'bench', 'serve-probe.js');

interface GcSummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}

interface ProbeLine {
  seconds: number;
  gc: Record<string, GcSummary>;
  gcAll: GcSummary;
  eventLoopDelay: { p50: number; p99: number; p999: number; max: number };
  memory: NodeJS.MemoryUsage;
  heapSpaces: Record<string, number>;
  cpuProfile?: string;
  heapProfile?: string;
}

export interface TailRun {
  variant: string;
  round: number;
  loadBefore: number[];
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  probe: ProbeLine;
}

export interface TailResult {
  runs: TailRun[];
  cpu: { part: string; share: number }[];
  /** One heap-sampled run of the defaults: what its requests allocated, per request. */
  alloc: (Allocation & { requests: number }) | null;
  loadAverage: { start: number[]; end: number[] };
}

const VARIANTS: { name: string; set: string[] }[] = [
  { name: 'defaults (SQLite store async, access log on)', set: [] },
  { name: 'access_log=false', set: ['access_log=false'] },
  { name: 'store=none', set: ['store=none'] },
  { name: 'micro_batch=false', set: ['micro_batch=false'] },
];

async function probed(
  bin: string,
  set: readonly string[],
  o: {
    project: string;
    env: NodeJS.ProcessEnv;
    seconds: number;
    connections: number;
    profile: 'cpu' | 'heap' | null;
    tag: string;
  },
): Promise<WrkResult & { probe: ProbeLine }> {
  const file = path.join(o.project, `probe-${o.tag}.ndjson`);
  rmSync(file, { force: true });
  const args = [
    bin,
    'serve',
    '--port',
    '{port}',
    '--set',
    `store_path=${path.join(o.project, `tail-${o.tag}.sqlite`)}`,
  ];
  for (const s of set) args.push('--set', s);
  const server = await startServer(process.execPath, args, {
    cwd: o.project,
    log: path.join(o.project, `tail-${o.tag}.log`),
    env: {
      ...o.env,
      NODE_OPTIONS: `--import ${PROBE}`,
      MLX_BENCH_PROBE: file,
      MLX_BENCH_PROBE_CPU: o.profile === 'cpu' ? '1' : '0',
      MLX_BENCH_PROBE_HEAP: o.profile === 'heap' ? '1' : '0',
    },
  });
  try {
    await wrk(`${server.base}/v1/predict`, 3, o.connections, o.project);
    server.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 100));
    const run = await wrk(`${server.base}/v1/predict`, o.seconds, o.connections, o.project);
    server.child.kill('SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const probe = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '{}') as ProbeLine;
    return { ...run, probe };
  } finally {
    await server.stop();
  }
}

/** Runs every variant `rounds` times, interleaved, then one profiled run of the defaults. */
export async function tailAnalysis(o: {
  bin: string;
  project: string;
  env: NodeJS.ProcessEnv;
  seconds: number;
  connections: number;
  rounds: number;
}): Promise<TailResult> {
  const start = os.loadavg();
  const runs: TailRun[] = [];
  for (let round = 1; round <= o.rounds; round++) {
    for (const [i, v] of VARIANTS.entries()) {
      const loadBefore = os.loadavg();
      const r = await probed(o.bin, v.set, { ...o, profile: null, tag: `r${round}-v${i}` });
      runs.push({ variant: v.name, round, loadBefore, ...r });
      console.error(`tail: round ${round}, ${v.name}: p99 ${r.p99.toFixed(2)} ms (load ${loadBefore[0]?.toFixed(1)})`);
    }
  }
  const profiled = await probed(o.bin, [], { ...o, profile: 'cpu', tag: 'cpu' });
  const cpu = profiled.probe.cpuProfile ? cpuByPart(profiled.probe.cpuProfile) : [];
  const sampled = await probed(o.bin, [], { ...o, profile: 'heap', tag: 'heap' });
  const alloc = sampled.probe.heapProfile
    ? { ...allocByPart(sampled.probe.heapProfile), requests: sampled.requests }
    : null;
  return { runs, cpu, alloc, loadAverage: { start, end: os.loadavg() } };
}

/** Prints the tail tables. */
export function printTail(t: TailResult, seconds: number, connections: number): void {
  const rounds = Math.max(...t.runs.map((r) => r.round));
  console.log(
    `\nWhere the tail comes from: mlx serve, POST /v1/predict (1 penguin), wrk ${connections} connections x ${seconds}s, ${rounds} interleaved rounds, medians; measured inside the server (bench/serve-probe.js) over the wrk window; load average ${t.loadAverage.start.map((l) => l.toFixed(1)).join(' ')} → ${t.loadAverage.end.map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  const med = (rs: TailRun[], f: (r: TailRun) => number, digits: number) => median(rs.map(f)).toFixed(digits);
  const minor = (r: TailRun) => r.probe.gc['minor (scavenge)'];
  const major = (r: TailRun) => r.probe.gc['major (mark-compact)'];
  printTable(
    [
      'variant',
      'req/s',
      'p50 ms',
      'p99 ms',
      'GC pause ms/s',
      'scavenges per 1k req',
      'scavenge p50 / p99 / max ms',
      'mark-compacts (max ms)',
      'loop delay p99 / max ms',
    ],
    [...new Set(t.runs.map((r) => r.variant))].map((variant) => {
      const rs = t.runs.filter((r) => r.variant === variant);
      return [
        variant,
        med(rs, (r) => r.rps, 0),
        med(rs, (r) => r.p50, 2),
        med(rs, (r) => r.p99, 2),
        med(rs, (r) => r.probe.gcAll.total / r.probe.seconds, 1),
        med(rs, (r) => ((minor(r)?.count ?? 0) / Math.max(1, r.rps * r.probe.seconds)) * 1000, 2),
        `${med(rs, (r) => minor(r)?.p50 ?? 0, 2)} / ${med(rs, (r) => minor(r)?.p99 ?? 0, 2)} / ${med(rs, (r) => minor(r)?.max ?? 0, 2)}`,
        `${med(rs, (r) => major(r)?.count ?? 0, 0)} (${med(rs, (r) => major(r)?.max ?? 0, 1)})`,
        `${med(rs, (r) => r.probe.eventLoopDelay.p99, 2)} / ${med(rs, (r) => r.probe.eventLoopDelay.max, 1)}`,
      ];
    }),
  );
  const mib = (bytes: number | undefined) => (bytes ?? Number.NaN) / 2 ** 20;
  console.log('\nMemory at the end of the window (inside the server; medians, min–max across rounds), MiB\n');
  printTable(
    ['variant', 'RSS', 'V8 old space', 'V8 new space', 'heap used'],
    [...new Set(t.runs.map((r) => r.variant))].map((variant) => {
      const rs = t.runs.filter((r) => r.variant === variant);
      const range = (f: (r: TailRun) => number) => {
        const v = rs.map(f);
        return `${median(v).toFixed(0)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
      };
      return [
        variant,
        range((r) => mib(r.probe.memory.rss)),
        range((r) => mib(r.probe.heapSpaces.old_space)),
        range((r) => mib(r.probe.heapSpaces.new_space)),
        range((r) => mib(r.probe.memory.heapUsed)),
      ];
    }),
  );
  if (t.cpu.length > 0) {
    console.log('\nWhere the CPU goes (defaults, one profiled run: V8 sampling profiler, 250 µs; idle excluded)\n');
    printTable(
      ['part of the request path', 'share of busy CPU'],
      t.cpu.filter((c) => c.share >= 0.005).map((c) => [c.part, `${(c.share * 100).toFixed(1)}%`]),
    );
  }
  if (t.alloc) {
    const { bytes, requests, byPart, top } = t.alloc;
    const perRequest = (b: number) => (b / Math.max(1, requests)).toFixed(0);
    console.log(
      `\nWhat a request allocates (defaults, one run under V8's sampling heap profiler, objects the scavenges freed included): ${(bytes / Math.max(1, requests) / 1024).toFixed(1)} KiB per request over ${requests} requests\n`,
    );
    printTable(
      ['part of the request path', 'bytes per request'],
      byPart.filter((p) => p.bytes / bytes >= 0.005).map((p) => [p.part, perRequest(p.bytes)]),
    );
    console.log('');
    printTable(
      ['allocating function', 'part', 'bytes per request'],
      top.map((f) => [f.frame, f.part, perRequest(f.bytes)]),
    );
  }
}
