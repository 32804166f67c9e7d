import type { RunEntry } from '../../workflows/ui.js';
import { duration } from '../html.js';
import { matcher, parseFilter, resolveField } from './filter.js';

/** The fixed columns every run has; params and metrics follow as `params.<key>` / `metrics.<key>`. */
export const BASE_COLUMNS = ['id', 'status', 'started', 'duration', 'data', 'model'] as const;

export interface RunsQuery {
  q: string;
  sort: string;
  dir: 'asc' | 'desc';
  /** Chosen columns; null = the defaults. */
  cols: string[] | null;
  page: number;
  size: number;
}

export interface RunsPage {
  query: RunsQuery;
  /** Every column key the runs have, for the column chooser. */
  allColumns: string[];
  columns: string[];
  rows: RunEntry[];
  total: number;
  matched: number;
  pages: number;
  /** Filter terms that could not be applied (unknown or ambiguous fields). */
  filterErrors: string[];
}

interface Derived {
  paramKeys: string[];
  metricKeys: string[];
  /** Params whose value differs between runs (the default columns). */
  varying: string[];
}

// Derived column facts, recomputed only when the catalog hands out a new array.
const derivedCache = new WeakMap<readonly RunEntry[], Derived>();

function derive(entries: readonly RunEntry[]): Derived {
  const cached = derivedCache.get(entries);
  if (cached) return cached;
  const params = new Map<string, unknown>();
  const varying = new Set<string>();
  const metrics = new Set<string>();
  for (const e of entries) {
    if (!e.record) continue;
    for (const [k, v] of Object.entries(e.record.params)) {
      // Lists and objects compare by their JSON; numbers and strings as they are (no string per value).
      const value = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v ?? null);
      if (!params.has(k)) params.set(k, value);
      else if (params.get(k) !== value) varying.add(k);
    }
    for (const k of Object.keys(e.record.metrics)) metrics.add(k);
  }
  const derived = {
    paramKeys: [...params.keys()].sort(),
    metricKeys: [...metrics].sort(),
    varying: [...varying].sort(),
  };
  derivedCache.set(entries, derived);
  return derived;
}

/** The value of one column of a run (undefined when the run does not have it). */
export function columnValue(entry: RunEntry, key: string): unknown {
  const r = entry.record;
  if (key === 'id') return entry.id;
  if (!r) return key === 'status' ? 'corrupt' : undefined;
  switch (key) {
    case 'status':
      return r.status;
    case 'started':
      return r.startedAt;
    case 'duration':
      return duration(r.startedAt, r.finishedAt);
    case 'data':
      return r.dataFingerprint;
    case 'model':
      return r.model ? `${r.model.name}${r.model.version === null ? '' : ` v${r.model.version}`}` : undefined;
  }
  if (key.startsWith('params.')) return r.params[key.slice(7)];
  if (key.startsWith('metrics.')) return r.metrics[key.slice(8)];
  return undefined;
}

/** Reads the runs query from URL parameters (unknown values fall back to defaults). */
export function parseRunsQuery(get: (name: string) => string | undefined, all: (name: string) => string[]): RunsQuery {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const n = Number(get(name));
    return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  };
  const cols = all('col').filter((c) => c.length > 0 && c.length < 200);
  return {
    q: (get('q') ?? '').slice(0, 500),
    sort: get('sort') ?? 'id',
    dir: get('dir') === 'asc' ? 'asc' : 'desc',
    cols: cols.length > 0 ? cols : null,
    page: number('page', 1, 1, 1_000_000),
    size: number('size', 50, 10, 500),
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Filter → sort (missing values last either way) → one page; at 10,000 runs this takes milliseconds. */
export function runsPage(entries: readonly RunEntry[], query: RunsQuery): RunsPage {
  const d = derive(entries);
  const allColumns = [
    ...BASE_COLUMNS,
    ...d.paramKeys.map((k) => `params.${k}`),
    ...d.metricKeys.map((k) => `metrics.${k}`),
  ];
  const filterErrors: string[] = [];
  const tests: ((e: RunEntry) => boolean)[] = [];
  for (const term of parseFilter(query.q)) {
    if (term.kind === 'text') {
      tests.push((e) =>
        [e.id, columnValue(e, 'status'), columnValue(e, 'model'), ...Object.values(e.record?.params ?? {})].some((v) =>
          (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).toLowerCase().includes(term.text),
        ),
      );
      continue;
    }
    const field = resolveField(term.field, allColumns);
    if ('error' in field) filterErrors.push(field.error);
    else {
      const test = matcher(term.op, term.value);
      tests.push((e) => test(columnValue(e, field.key)));
    }
  }
  const matched = tests.length ? entries.filter((e) => tests.every((t) => t(e))) : [...entries];
  const sortKey = allColumns.includes(query.sort) ? query.sort : 'id';
  const sign = query.dir === 'asc' ? 1 : -1;
  const keyed = matched.map((e) => ({ e, v: columnValue(e, sortKey) }));
  keyed.sort((a, b) => {
    const am = a.v === undefined || a.v === null;
    const bm = b.v === undefined || b.v === null;
    if (am || bm) return am === bm ? 0 : am ? 1 : -1;
    return sign * compareValues(a.v, b.v);
  });
  const pages = Math.max(1, Math.ceil(keyed.length / query.size));
  const pageNo = Math.min(query.page, pages);
  const rows = keyed.slice((pageNo - 1) * query.size, pageNo * query.size).map((k) => k.e);
  const defaults = [
    ...BASE_COLUMNS,
    ...d.varying.slice(0, 8).map((k) => `params.${k}`),
    ...d.metricKeys
      .filter((k) => !k.startsWith('baseline_'))
      .slice(0, 8)
      .map((k) => `metrics.${k}`),
  ];
  const columns = query.cols ? query.cols.filter((c) => allColumns.includes(c)) : defaults;
  return {
    query: { ...query, sort: sortKey, page: pageNo },
    allColumns,
    columns: columns.length > 0 ? columns : defaults,
    rows,
    total: entries.length,
    matched: keyed.length,
    pages,
    filterErrors,
  };
}
