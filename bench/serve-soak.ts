// The soak of `npm run bench -- serve --soak[=SECONDS]`: one `mlx serve` in the realistic configuration
// (SQLite store, async; access log on) under wrk for SECONDS (default 600) in one-minute stretches, its
// RSS read from /proc every 5 s; then 10 s idle, and the RSS again. Every 2xx answer must be in the store.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { median } from './lib.js';
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
  /** One entry per stretch of load. */
  stretches: { seconds: number; rps: number; p50: number; p99: number; errors: number }[];
  requests: number;
  ok: number;
  storedRows: number | null;
}

/** Runs the soak against a started server (its store at `storeFile`); stops it at the end. */
export async function soak(
  server: Server,
  options: { seconds: number; connections: number; dir: string; storeFile: string },
): Promise<SoakResult> {
  const start = Date.now();
  const loadStart = os.loadavg();
  const rss: [number, number][] = [];
  const sampler = setInterval(() => rss.push([(Date.now() - start) / 1000, rssMiB(server.pid).now]), 5000);
  const stretches: SoakResult['stretches'] = [];
  let requests = 0;
  let ok = 0;
  try {
    for (let left = options.seconds; left > 0; left -= 60) {
      const seconds = Math.min(60, left);
      const run = await wrk(`${server.base}/v1/predict`, seconds, options.connections, options.dir);
      stretches.push({ seconds, rps: run.rps, p50: run.p50, p99: run.p99, errors: run.errors });
      requests += run.requests;
      ok += run.ok;
      console.error(
        `soak: ${Math.round((Date.now() - start) / 1000)} s, ${run.rps.toFixed(0)} req/s, p99 ${run.p99.toFixed(2)} ms, RSS ${rssMiB(server.pid).now.toFixed(0)} MiB`,
      );
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

/** The soak as text lines for the terminal. */
export function soakReport(s: SoakResult, file: string): string[] {
  const fmt = (values: number[], digits: number) =>
    `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  return [
    `\nSoak: mlx serve (SQLite store, async; access log on), POST /v1/predict, 1 penguin per request, wrk in ${s.stretches.length} one-minute stretches (${s.seconds} s); load average ${s.loadAverage.start.map((l) => l.toFixed(1)).join(' ')} → ${s.loadAverage.end.map((l) => l.toFixed(1)).join(' ')}`,
    `  req/s per stretch ${fmt(
      s.stretches.map((x) => x.rps),
      0,
    )}, p99 ms ${fmt(
      s.stretches.map((x) => x.p99),
      2,
    )}, errors ${s.stretches.reduce((n, x) => n + x.errors, 0)}`,
    `  RSS MiB: steady (median of the last minute) ${s.rssSteady.toFixed(0)}, max under load ${s.rssMaxUnderLoad.toFixed(0)}, 10 s after the load ${s.rssAfterIdle.toFixed(0)}, peak (VmHWM) ${s.peakRss.toFixed(0)}; target ≤ 200`,
    `  rows in the store ${s.storedRows ?? '?'} ≥ 2xx answers ${s.ok} (${path.basename(file)})`,
  ];
}
