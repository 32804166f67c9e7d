import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { readJson, writeJsonAtomic } from './json-file.js';

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** `run.json`: what `mlx runs list/show/compare` read. */
export interface RunRecord {
  id: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Flattened training-relevant config (`model.hidden`, `train.lr`, ...). */
  params: Record<string, unknown>;
  /** Headline metrics: `val_*` and `test_*` of the best model. */
  metrics: Record<string, number>;
  dataFingerprint: string;
  configHash: string;
  model: { name: string; version: number | null } | null;
  weightsSha256: string | null;
  backend: string | null;
  error: string | null;
}

export const RUN_FILES = {
  record: 'run.json',
  config: 'config.yaml',
  history: 'history.json',
  log: 'train.log',
  bundle: 'model',
} as const;

/**
 * A new run id: UTC timestamp to the second, then six hex digits — three for the millisecond and three
 * random — e.g. `20260101-120000-3e7a1f` (999 ms). Ids sort in creation order even within one second (every
 * "newest first" list relies on it); two runs started in the same millisecond still get distinct ids.
 */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const ms = now.getUTCMilliseconds().toString(16).padStart(3, '0');
  return `${stamp}-${ms}${randomBytes(2).toString('hex').slice(0, 3)}`;
}

/**
 * Creates `runs/<id>/` and its initial `run.json`. A new folder every time: a generated id that is taken
 * (two runs in the same millisecond drew the same suffix) is drawn again, a given one that exists is an error.
 */
export function createRunDir(
  runsDir: string,
  record: Omit<RunRecord, 'id'> & { id?: string },
): { id: string; dir: string } {
  mkdirSync(runsDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const id = record.id ?? newRunId();
    const dir = path.join(runsDir, id);
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
      if (record.id !== undefined)
        throw new InputError('MLX_RUN_EXISTS', `Run ${id} already exists in ${runsDir}.`, {
          hint: 'Give the run another id, or remove that folder.',
        });
      continue;
    }
    writeJsonAtomic(path.join(dir, RUN_FILES.record), { ...record, id });
    return { id, dir };
  }
}

/** Updates fields of `run.json`. */
export function updateRun(dir: string, patch: Partial<RunRecord>): RunRecord {
  const current = readJson<RunRecord | null>(path.join(dir, RUN_FILES.record), null);
  if (!current) throw new InputError('MLX_RUN_NOT_FOUND', `${dir} has no ${RUN_FILES.record}.`);
  const next = { ...current, ...patch };
  writeJsonAtomic(path.join(dir, RUN_FILES.record), next);
  return next;
}

/** All runs under `runsDir`, newest first. */
export function listRunRecords(runsDir: string): RunRecord[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => readJson<RunRecord | null>(path.join(runsDir, e.name, RUN_FILES.record), null))
    .filter((r): r is RunRecord => r !== null)
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Finds a run by id or unique id prefix; returns its directory and record. */
export function findRun(runsDir: string, id: string): { dir: string; record: RunRecord } {
  const runs = listRunRecords(runsDir);
  const exact = runs.find((r) => r.id === id);
  const matches = exact ? [exact] : runs.filter((r) => r.id.startsWith(id) || r.id.endsWith(id));
  if (matches.length === 1 && matches[0]) return { dir: path.join(runsDir, matches[0].id), record: matches[0] };
  if (matches.length > 1)
    throw new InputError('MLX_RUN_AMBIGUOUS', `'${id}' matches ${matches.length} runs.`, {
      hint: `Use more of the id: ${matches
        .slice(0, 3)
        .map((r) => r.id)
        .join(', ')}.`,
    });
  throw new InputError('MLX_RUN_NOT_FOUND', `No run '${id}' under ${runsDir}.`, {
    hint: 'List the runs with `mlx runs list`.',
  });
}
