/** `mlx ui`: the data page (data.lock, profile, histograms, validation, status) and the drift history. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../config/index.js';
import {
  arquero,
  type DataLock,
  type DataStatus,
  dataPaths,
  dataStatus,
  type ValidationReport,
  validateFile,
} from '../data/index.js';
import type { ColumnProfile } from '../data/profile.js';
import { histogram, sturgesEdges } from '../drift/stats/binning.js';
import type { DriftResult } from '../drift/types.js';
import type { UiProject } from './ui.js';

export type { ColumnProfile } from '../data/profile.js';
export type { DriftResult } from '../drift/types.js';

export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface DataPageView {
  status: DataStatus | null;
  lock: DataLock | null;
  profile: ColumnProfile[] | null;
  /** Histograms of the numeric columns of the prepared training split. */
  histograms: Record<string, Histogram>;
  validation: ValidationReport | null;
  /** What could not be read, one sentence each (the page renders the rest). */
  problems: string[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Validation reads the whole source: keep its result while the file is unchanged.
const validations = new Map<string, { key: string; report: ValidationReport }>();

async function validateSource(project: UiProject, source: string): Promise<ValidationReport> {
  const s = statSync(source);
  const key = `${s.mtimeMs}:${s.size}:${JSON.stringify(project.config.data)}`;
  const cached = validations.get(source);
  if (cached?.key === key) return cached.report;
  const { report } = await validateFile({ root: project.root, config: project.config });
  validations.set(source, { key, report });
  return report;
}

async function trainHistograms(file: string, profile: readonly ColumnProfile[]): Promise<Record<string, Histogram>> {
  const { fromArrow } = arquero();
  const table = fromArrow(await readFile(file));
  const out: Record<string, Histogram> = {};
  for (const column of profile) {
    if (!('mean' in column) || !table.columnNames().includes(column.name)) continue;
    const values = Float64Array.from(table.array(column.name) as ArrayLike<unknown>, (v) =>
      typeof v === 'number' ? v : Number.NaN,
    ).filter(Number.isFinite);
    if (values.length === 0) continue;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const edges = sturgesEdges(min, max, values.length);
    out[column.name] = { edges: [...edges], counts: [...histogram(values, edges)] };
  }
  return out;
}

/** `data.lock`, `data status`, the per-column profile with histograms, and the source's validation. */
export async function dataView(project: UiProject): Promise<DataPageView> {
  const problems: string[] = [];
  const paths = dataPaths(project.root, project.config);
  let status: DataStatus | null = null;
  try {
    status = await dataStatus(project);
  } catch (error) {
    problems.push(message(error));
  }
  let profile: ColumnProfile[] | null = null;
  let histograms: Record<string, Histogram> = {};
  if (existsSync(paths.outputs.profile)) {
    try {
      profile = JSON.parse(readFileSync(paths.outputs.profile, 'utf8')) as ColumnProfile[];
      if (existsSync(paths.outputs.train)) histograms = await trainHistograms(paths.outputs.train, profile);
    } catch (error) {
      problems.push(`${path.relative(project.root, paths.outputs.profile)} cannot be read: ${message(error)}`);
    }
  } else problems.push('no column profile yet: run `mlx data prepare`');
  let validation: ValidationReport | null = null;
  if (existsSync(paths.source)) {
    try {
      validation = await validateSource(project, paths.source);
    } catch (error) {
      problems.push(`validation of ${project.config.data.source} failed: ${message(error)}`);
    }
  } else problems.push(`the data source ${project.config.data.source} does not exist`);
  return { status, lock: status?.lock ?? null, profile, histograms, validation, problems };
}

export interface DriftReportSummary {
  /** File name of the JSON report (`drift-<time>.json`). */
  name: string;
  /** The HTML report next to it, when present. */
  html: string | null;
  generatedAt: string;
  status: DriftResult['status'];
  datasetDrift: boolean;
  driftShare: number;
  driftedColumns: number;
  evaluatedColumns: number;
  message: string;
}

export interface DriftPoint {
  at: string;
  score: number;
  drifted: boolean;
  test: string;
}

export interface DriftHistory {
  /** Newest first. */
  reports: DriftReportSummary[];
  /** Per column, its statistic over time (oldest first). */
  series: Record<string, DriftPoint[]>;
  latest: DriftResult | null;
  problems: string[];
}

/** The drift reports folder (`reports/drift`). */
export function driftReportsDir(project: UiProject): string {
  return projectPath(project.root, path.join(project.config.paths.reports, 'drift'));
}

/** `drift-<time>[-n].json` → its time and n (1 without a suffix: the second report of a millisecond is -2). */
function reportKey(name: string): [string, number] {
  const m = /^(drift-.*Z)(?:-(\d+))?\.json$/.exec(name);
  return m?.[1] ? [m[1], Number(m[2] ?? 1)] : [name, 0];
}

/** Reports in the order they were written (`drift-<time>.json` before `drift-<time>-2.json`). */
function byReportTime(a: string, b: string): number {
  const [ta, na] = reportKey(a);
  const [tb, nb] = reportKey(b);
  return ta < tb ? -1 : ta > tb ? 1 : na - nb;
}

/** Every `drift-*.json` under reports/drift: the history, each column's statistic over time, the latest. */
export function driftHistory(project: UiProject, limit = 500): DriftHistory {
  const dir = driftReportsDir(project);
  const problems: string[] = [];
  if (!existsSync(dir)) return { reports: [], series: {}, latest: null, problems };
  const names = readdirSync(dir)
    .filter((n) => /^drift-.+\.json$/.test(n))
    .sort(byReportTime)
    .slice(-limit);
  const results: [string, DriftResult][] = [];
  for (const name of names) {
    try {
      const result = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as DriftResult;
      if (!Array.isArray(result.columns) || typeof result.generatedAt !== 'string') throw new Error('not a report');
      results.push([name, result]);
    } catch (error) {
      problems.push(`${name} is not a drift report (${message(error)}): skipped`);
    }
  }
  const series: Record<string, DriftPoint[]> = {};
  for (const [, r] of results)
    for (const c of [...r.columns, ...(r.prediction ? [r.prediction] : [])])
      series[c.column] = [
        ...(series[c.column] ?? []),
        { at: r.generatedAt, score: c.score, drifted: c.drifted, test: c.test },
      ];
  const reports = results
    .map(([name, r]): DriftReportSummary => {
      const html = name.replace(/\.json$/, '.html');
      return {
        name,
        html: existsSync(path.join(dir, html)) ? html : null,
        generatedAt: r.generatedAt,
        status: r.status,
        datasetDrift: r.datasetDrift,
        driftShare: r.driftShare,
        driftedColumns: r.driftedColumns,
        evaluatedColumns: r.evaluatedColumns,
        message: r.message,
      };
    })
    .reverse();
  return { reports, series, latest: results.at(-1)?.[1] ?? null, problems };
}

/** The HTML of one drift report by file name (only `drift-*.html` / `latest.html` under reports/drift). */
export function driftReportHtml(project: UiProject, name: string): string | null {
  if (!/^(drift-[\w.-]+|latest)\.html$/.test(name)) return null;
  const file = path.join(driftReportsDir(project), name);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
