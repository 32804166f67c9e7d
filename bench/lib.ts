import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const mlxBin = path.join(projectRoot, 'bin', 'run.js');

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median and range of a list of numbers, as the result files hold them. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The {@link Spread} of `values`. */
export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** `values` as the tables print a spread: "median (min–max)" with `digits` decimals. */
export function spreadText(values: readonly number[], digits = 1): string {
  const s = spread(values);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}

/** The machine a result was measured on (every result file holds it). */
export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

/** Where a benchmark's result file is: bench/results/<name>.json. */
export function resultPath(name: string): string {
  return path.join(projectRoot, 'bench', 'results', `${name}.json`);
}

/** Writes bench/results/<name>.json (pretty JSON); returns its path relative to the project. */
export function writeResult(name: string, data: object): string {
  const file = resultPath(name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return path.relative(projectRoot, file);
}

/** Wall time (ms) of a command, `runs` times after one warm-up; throws when it fails. */
export function timeCommand(cmd: string, args: readonly string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = -1; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { cwd: projectRoot, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
    if (i >= 0) times.push(ms);
  }
  return times;
}

/** Peak RSS (MiB) of a child process run under /usr/bin/time -v, if available. */
export function peakRssMiB(stderr: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** Prints a plain text table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells) console.log(line(r));
}

export function packageVersion(): string {
  return JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).version;
}
