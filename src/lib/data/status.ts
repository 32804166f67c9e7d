import { existsSync } from 'node:fs';
import { type MlxConfig, projectPath } from '../config/index.js';
import { sha256File } from './hash.js';
import { type DataLock, lockParams, readLock } from './lock.js';
import { dataPaths, relativePath } from './project-paths.js';

export interface StatusChange {
  kind: 'no_lock' | 'source' | 'raw_changed' | 'raw_missing' | 'param' | 'output_missing' | 'output_changed';
  /** The file (relative to the root) or config key concerned. */
  target: string;
  message: string;
}

export interface DataStatus {
  upToDate: boolean;
  lockFile: string;
  changes: StatusChange[];
  lock: DataLock | null;
}

/** Is data/processed up to date with the raw data and the config? (like `dvc status`) */
export async function dataStatus({ root, config }: { root: string; config: MlxConfig }): Promise<DataStatus> {
  const paths = dataPaths(root, config);
  const lock = await readLock(paths.lock);
  const lockFile = relativePath(root, paths.lock);
  if (!lock) {
    const change: StatusChange = {
      kind: 'no_lock',
      target: lockFile,
      message: `${lockFile} does not exist: the data was never prepared`,
    };
    return { upToDate: false, lockFile, changes: [change], lock };
  }
  const changes: StatusChange[] = [];
  const source = relativePath(root, paths.source);
  if (!lock.deps.some((d) => d.path === source)) {
    const was = lock.deps.map((d) => d.path).join(', ');
    changes.push({ kind: 'source', target: 'data.source', message: `data.source changed: ${was} → ${source}` });
  }
  for (const dep of lock.deps) await checkFile(root, dep, 'raw', changes);
  for (const [key, before, after] of diffParams(lock.params, lockParams(config))) {
    changes.push({ kind: 'param', target: key, message: `config ${key} changed: ${show(before)} → ${show(after)}` });
  }
  for (const out of lock.outs) await checkFile(root, out, 'output', changes);
  return { upToDate: changes.length === 0, lockFile, changes, lock };
}

async function checkFile(
  root: string,
  entry: { path: string; sha256: string },
  role: 'raw' | 'output',
  changes: StatusChange[],
) {
  const file = projectPath(root, entry.path);
  if (!existsSync(file)) {
    changes.push({ kind: `${role}_missing`, target: entry.path, message: `${entry.path} is missing` });
    return;
  }
  const actual = await sha256File(file);
  if (actual !== entry.sha256) {
    const what = role === 'raw' ? 'raw data changed' : 'output was modified';
    changes.push({
      kind: `${role}_changed`,
      target: entry.path,
      message: `${entry.path}: ${what} (sha256 ${entry.sha256.slice(0, 12)} → ${actual.slice(0, 12)})`,
    });
  }
}

/** Leaf-level differences between two parameter trees: [dotted key, before, after]. */
export function diffParams(before: unknown, after: unknown, prefix = ''): [string, unknown, unknown][] {
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffParams(b[k], a[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [[prefix, before, after]];
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}
