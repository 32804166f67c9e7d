// Shared by the drift benchmarks: one side's result (mlx or numpy/scipy), medians of fresh processes,
// and the comparison of the two sides' numbers.
import { spawnSync } from 'node:child_process';
import { median } from './lib.js';

export const METHODS = ['mlx', 'evidently'] as const;
export type Method = (typeof METHODS)[number];

export interface ColumnResult {
  test: string;
  score: number;
  psi: number;
  effect?: number;
  adjusted?: number;
}
export interface SideResult {
  load_s: number;
  compute_s: number;
  /** CPU seconds of the computation (less sensitive to a busy machine than wall time). */
  cpu_s: number;
  peak_rss_mib: number;
  results: Record<string, ColumnResult>;
}

function runOnce(cmd: string, args: string[]): SideResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as SideResult;
}

export type Timed = SideResult & { min: number; max: number };

/** `runs` fresh processes: the median of each measure and the range of the compute time. */
export function timed(cmd: string, args: string[], runs: number): Timed {
  const all = Array.from({ length: runs }, () => runOnce(cmd, args));
  const pick = (f: (r: SideResult) => number) => median(all.map(f));
  const compute = all.map((r) => r.compute_s);
  return {
    load_s: pick((r) => r.load_s),
    compute_s: pick((r) => r.compute_s),
    cpu_s: pick((r) => r.cpu_s),
    peak_rss_mib: Math.max(...all.map((r) => r.peak_rss_mib)),
    results: (all[0] as SideResult).results,
    min: Math.min(...compute),
    max: Math.max(...compute),
  };
}

export const r2 = (x: number) => x.toFixed(2);

/** Largest relative difference of every reported number (p-values below 1e-300 count as equal). */
export function compare(mlx: SideResult, py: SideResult): number {
  let maxRel = 0;
  for (const [name, r] of Object.entries(mlx.results)) {
    const p = py.results[name];
    if (!p || p.test !== r.test) throw new Error(`${name}: mlx chose ${r.test}, numpy/scipy ${p?.test}`);
    for (const key of ['score', 'psi', 'effect', 'adjusted'] as const) {
      const a = r[key];
      const b = p[key];
      if (a === undefined || b === undefined) continue;
      maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
    }
  }
  return maxRel;
}
