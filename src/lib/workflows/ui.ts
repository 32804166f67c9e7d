/**
 * `mlx ui`: what the web UI reads and does, over the same library calls as the CLI (runs, models,
 * bundles, evaluation reports). The HTTP app itself lives in src/lib/ui and calls these.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type MlxConfig, projectPath } from '../config/index.js';
import { MANIFEST_FILE, readManifest, sha256 } from '../model/index.js';
import { listModels } from '../tracking/models.js';
import { previousTarget } from '../tracking/registry.js';
import { RUN_FILES } from '../tracking/run-dir.js';
import { createRunCatalog, type RunCatalog, type RunEntry, readRunEntry } from '../tracking/run-index.js';
import { reportDir } from './evaluate.js';

export type { RunRecord } from '../tracking/run-dir.js';
export type { RunCatalog, RunEntry } from '../tracking/run-index.js';

/** The project the UI shows: its root and resolved config. */
export interface UiProject {
  root: string;
  config: MlxConfig;
}

/** The runs of the project, cached between requests (`.mlx/cache/runs-index.json` between processes). */
export function openRunCatalog(project: UiProject): RunCatalog {
  const runsDir = projectPath(project.root, project.config.paths.runs);
  const cacheFile = path.join(projectPath(project.root, project.config.paths.cache), 'runs-index.json');
  return createRunCatalog(runsDir, { cacheFile });
}

export interface BundleFile {
  name: string;
  bytes: number;
  /** false when the file's sha256 differs from MANIFEST.sha256 (null: not listed there). */
  intact: boolean | null;
}

/** A model bundle as the run page shows it: its files and lineage, or what is missing. */
export type BundleView =
  | { dir: string; files: BundleFile[]; lineage: Record<string, unknown> | null; problems: string[] }
  | { dir: string; files: null; lineage: null; problems: string[] };

export interface RunView {
  id: string;
  dir: string;
  entry: RunEntry;
  /** Per-epoch history (learning curves), or null when history.json is missing or unreadable. */
  history: Record<string, number>[] | null;
  /** The resolved config (config.yaml), or null when missing. */
  config: string | null;
  bundle: BundleView;
  /** The evaluation report of the run's model version, or where it would be. */
  report: { file: string; exists: boolean };
  /** What is missing or broken, one sentence each (the page shows these and renders the rest). */
  missing: string[];
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readJsonOr<T>(file: string): { value: T | null; problem: string | null } {
  const text = readText(file);
  if (text === null) return { value: null, problem: 'missing' };
  try {
    return { value: JSON.parse(text) as T, problem: null };
  } catch {
    return { value: null, problem: 'not valid JSON' };
  }
}

/** The files of a bundle with their sizes, each checked against MANIFEST.sha256. */
export function bundleView(dir: string): BundleView {
  if (!existsSync(dir)) return { dir, files: null, lineage: null, problems: [`the bundle folder ${dir} is missing`] };
  const problems: string[] = [];
  let manifest = new Map<string, string>();
  try {
    manifest = readManifest(dir);
  } catch {
    problems.push(`${MANIFEST_FILE} is missing or unreadable: the bundle cannot be verified`);
  }
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e): BundleFile => {
      const file = path.join(dir, e.name);
      const expected = manifest.get(e.name);
      const intact = expected === undefined ? null : sha256(readFileSync(file)) === expected;
      if (intact === false) problems.push(`${e.name} does not match ${MANIFEST_FILE} (modified after training)`);
      return { name: e.name, bytes: statSync(file).size, intact };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const name of manifest.keys())
    if (!files.some((f) => f.name === name)) problems.push(`${name} is listed in ${MANIFEST_FILE} but missing`);
  const lineage = readJsonOr<Record<string, unknown>>(path.join(dir, 'lineage.json'));
  if (lineage.problem) problems.push(`lineage.json is ${lineage.problem}`);
  return { dir, files, lineage: lineage.value, problems };
}

/** Everything the run page shows about one run; never throws for a broken run folder. */
export function runView(project: UiProject, id: string): RunView | null {
  const runsDir = projectPath(project.root, project.config.paths.runs);
  const dir = path.join(runsDir, id);
  // A run id is one folder name: no separators, not `.` or `..`.
  if (!/^[\w-][\w.-]*$/.test(id) || !existsSync(dir)) return null;
  const entry = readRunEntry(runsDir, id);
  const missing: string[] = [];
  if (entry.problem) missing.push(entry.problem);
  const history = readJsonOr<Record<string, number>[]>(path.join(dir, RUN_FILES.history));
  if (history.problem) missing.push(`history.json is ${history.problem}: no learning curves`);
  else if (!Array.isArray(history.value)) missing.push('history.json is not a list: no learning curves');
  const config = readText(path.join(dir, RUN_FILES.config));
  if (config === null) missing.push('config.yaml is missing: the resolved config is unknown');
  const record = entry.record;
  if (record && Object.keys(record.metrics).length === 0)
    missing.push(`the run has no metrics (status ${record.status}${record.error ? `: ${record.error}` : ''})`);
  const bundle = bundleView(path.join(dir, RUN_FILES.bundle));
  if (record?.status === 'completed' || bundle.files !== null) missing.push(...bundle.problems);
  const model = record?.model ?? null;
  const report = path.join(
    reportDir(project.root, project.config, { name: model?.name ?? '', version: model?.version ?? null, runId: id }),
    'report.html',
  );
  const reportExists = model !== null && existsSync(report);
  if (record?.status === 'completed' && !reportExists)
    missing.push(`no evaluation report yet: run \`mlx evaluate --model ${id}\``);
  return {
    id,
    dir,
    entry,
    history: Array.isArray(history.value) ? history.value : null,
    config,
    bundle,
    report: { file: report, exists: reportExists },
    missing,
  };
}

/** Histories of several runs (compare page); a run without history.json gets an empty list. */
export function runHistories(project: UiProject, ids: readonly string[]): Map<string, Record<string, number>[]> {
  const runsDir = projectPath(project.root, project.config.paths.runs);
  return new Map(
    ids.map((id) => {
      const h = readJsonOr<Record<string, number>[]>(path.join(runsDir, id, RUN_FILES.history)).value;
      return [id, Array.isArray(h) ? h : []];
    }),
  );
}

export interface AliasView {
  alias: string;
  version: number;
  /** The version it pointed to before its latest promote (null: none recorded). */
  previous: number | null;
}

export interface ModelView {
  name: string;
  versions: import('../tracking/registry.js').ModelVersion[];
  aliases: AliasView[];
  history: import('../tracking/registry.js').AliasChange[];
}

/** The registry as the models page shows it: versions newest first, aliases with their previous target. */
export async function modelViews(project: UiProject): Promise<ModelView[]> {
  return (await listModels(project)).map((m) => ({
    name: m.name,
    versions: [...m.versions].sort((a, b) => b.version - a.version),
    aliases: Object.entries(m.aliases)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alias, version]) => ({ alias, version, previous: previousTarget(m, alias) })),
    history: [...(m.aliasHistory ?? [])].reverse(),
  }));
}
