// The soak of `npm run bench -- serve --soak[=SECONDS]`: one `mlx serve` in the realistic configuration
// (SQLite store, async; access log on) under wrk for SECONDS (default 600) in one-minute stretches, its
// RSS read from /proc every 5 s; then 10 s idle, and the RSS again. Every 2xx answer must be in the store.
// Each stretch also says where the memory is: the main thread's V8 heap and external memory (its own
// /metrics, scraped every 5 s as Prometheus would), anonymous vs file-backed RSS (/proc), and the deepest
// prediction-store queue seen — so a step in RSS can be told apart: heap, off-heap buffers, or a backlog.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { median, spreadText } from './lib.js';
import { rssMiB, type Server, wrk } from './serve-lib.js';

export interface SoakResult {
  seconds: number;
  loadAverage: { start: number[]; end: number[] };
  /** [seconds since the start, RSS MiB] every 5 s under load. */
  rss: [number, number][];
  rssMaxUnderLoad: number;
  /** Median RSS over the last minute of load: the steady state. */
  rssSteady: number;
  rssAfterIdle: number;
  peakRss: number;
  /** One entry per stretch of load; memory figures in MiB at the stretch's end, queue depth its maximum. */
  stretches: {
    seconds: number;
    rps: number;
    p50: number;
    p99: number;
    errors: number;
    memory: MemorySample;
    maxQueueDepth: number;
  }[];
  requests: number;
  ok: number;
  storedRows: number | null;
}

/** Where a process's memory is (MiB): from its /metrics (main thread) and /proc. */
export interface MemorySample {
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

function procKb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
}

async function scrape(base: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+) ([\d.e+-]+)$/.exec(line);
    if (m?.[1] && m[2]) values.set(m[1], Number(m[2]));
  }
  return values;
}

async function memorySample(server: Server): Promise<{ memory: MemorySample; queueDepth: number }> {
  const m = await scrape(server.base);
  const mib = (name: string) => (m.get(name) ?? Number.NaN) / 2 ** 20;
  return {
    memory: {
      rss: procKb(server.pid, 'VmRSS') / 1024,
      rssAnon: procKb(server.pid, 'RssAnon') / 1024,
      rssFile: procKb(server.pid, 'RssFile') / 1024,
      heapTotal: mib('nodejs_heap_size_total_bytes'),
      heapUsed: mib('nodejs_heap_size_used_bytes'),
      external: mib('nodejs_external_memory_bytes'),
    },
    queueDepth: m.get('mlx_prediction_store_queue_depth') ?? Number.NaN,
  };
}

/** Runs the soak against a started server (its store at `storeFile`); stops it at the end. */
export async function soak(
  server: Server,
  options: { seconds: number; connections: number; dir: string; storeFile: string },
): Promise<SoakResult> {
  const start = Date.now();
  const loadStart = os.loadavg();
  const rss: [number, number][] = [];
  let maxQueueDepth = 0;
  const sampler = setInterval(() => {
    rss.push([(Date.now() - start) / 1000, rssMiB(server.pid).now]);
    memorySample(server).then(
      (s) => {
        maxQueueDepth = Math.max(maxQueueDepth, s.queueDepth);
      },
      () => {},
    );
  }, 5000);
  const stretches: SoakResult['stretches'] = [];
  let requests = 0;
  let ok = 0;
  try {
    for (let left = options.seconds; left > 0; left -= 60) {
      const seconds = Math.min(60, left);
      const run = await wrk(`${server.base}/v1/predict`, seconds, options.connections, options.dir);
      const now = (await memorySample(server)).memory;
      const stretch = {
        seconds,
        rps: run.rps,
        p50: run.p50,
        p99: run.p99,
        errors: run.errors,
        memory: now,
        maxQueueDepth,
      };
      stretches.push(stretch);
      maxQueueDepth = 0;
      requests += run.requests;
      ok += run.ok;
      console.error(`soak: ${Math.round((Date.now() - start) / 1000)} s, ${stretchLine(stretch)}`);
    }
  } finally {
    clearInterval(sampler);
  }
  const lastMinute = rss.filter(([t]) => t >= options.seconds - 60).map(([, v]) => v);
  await new Promise((r) => setTimeout(r, 10_000));
  const after = rssMiB(server.pid);
  await server.stop();
  const storedRows = existsSync(options.storeFile)
    ? Number(
        (
          new DatabaseSync(options.storeFile, { readOnly: true })
            .prepare('SELECT COUNT(*) AS n FROM predictions')
            .get() as { n: number }
        ).n,
      )
    : null;
  return {
    seconds: options.seconds,
    loadAverage: { start: loadStart, end: os.loadavg() },
    rss,
    rssMaxUnderLoad: Math.max(...rss.map(([, v]) => v)),
    rssSteady: median(lastMinute.length > 0 ? lastMinute : rss.map(([, v]) => v)),
    rssAfterIdle: after.now,
    peakRss: after.peak,
    stretches,
    requests,
    ok,
    storedRows,
  };
}

const stretchLine = (s: SoakResult['stretches'][number]) =>
  `${s.rps.toFixed(0)} req/s, p99 ${s.p99.toFixed(2)} ms, RSS ${s.memory.rss.toFixed(0)} MiB (anon ${s.memory.rssAnon.toFixed(0)}, file ${s.memory.rssFile.toFixed(0)}; main heap ${s.memory.heapUsed.toFixed(0)}/${s.memory.heapTotal.toFixed(0)}, external ${s.memory.external.toFixed(0)}), store queue ≤ ${s.maxQueueDepth}`;

/** The soak as text lines for the terminal. */
export function soakReport(s: SoakResult, file: string): string[] {
  return [
    `\nSoak: mlx serve (SQLite store, async; access log on), POST /v1/predict, 1 penguin per request, wrk in ${s.stretches.length} one-minute stretches (${s.seconds} s); load average ${s.loadAverage.start.map((l) => l.toFixed(1)).join(' ')} → ${s.loadAverage.end.map((l) => l.toFixed(1)).join(' ')}`,
    `  req/s per stretch ${spreadText(
      s.stretches.map((x) => x.rps),
      0,
    )}, p99 ms ${spreadText(
      s.stretches.map((x) => x.p99),
      2,
    )}, errors ${s.stretches.reduce((n, x) => n + x.errors, 0)}`,
    `  RSS MiB: steady (median of the last minute) ${s.rssSteady.toFixed(0)}, max under load ${s.rssMaxUnderLoad.toFixed(0)}, 10 s after the load ${s.rssAfterIdle.toFixed(0)}, peak (VmHWM) ${s.peakRss.toFixed(0)}; target ≤ 200`,
    ...s.stretches.map((x, i) => `  ${String(i + 1).padStart(2)}: ${stretchLine(x)}`),
    `  rows in the store ${s.storedRows ?? '?'} ≥ 2xx answers ${s.ok} (${path.basename(file)})`,
  ];
}
