import type { DriftConfig } from '../config/sections/drift.js';
import type { InputSchema } from '../contracts.js';
import { columnDrift } from './column-drift.js';
import type { ColumnDrift, ColumnKind, DriftResult, SkippedColumn } from './types.js';

/** Column-oriented data: `column(name)` gives that column's values (undefined when absent). */
export interface ColumnSource {
  rows: number;
  column(name: string): ArrayLike<unknown> | undefined;
}

/** A ColumnSource over row objects (bundle reference, prediction store inputs, NDJSON files). */
export function rowsSource(rows: readonly Record<string, unknown>[]): ColumnSource {
  const cache = new Map<string, unknown[]>();
  return {
    rows: rows.length,
    column(name) {
      let values = cache.get(name);
      if (!values) {
        if (!rows.some((r) => name in r)) return undefined;
        values = rows.map((r) => r[name]);
        cache.set(name, values);
      }
      return values;
    },
  };
}

/** A ColumnSource over arrays by name (large data, benchmarks). */
export function columnsSource(columns: Record<string, ArrayLike<unknown>>): ColumnSource {
  const first = Object.values(columns)[0];
  return { rows: first?.length ?? 0, column: (name) => columns[name] };
}

export interface ComputeDriftOptions {
  reference: ColumnSource;
  current: ColumnSource;
  schema: Pick<InputSchema, 'features'>;
  config: Pick<DriftConfig, 'min_samples' | 'share' | 'columns'>;
  /** Model outputs on both sides (label or value per row) for prediction drift. */
  predictions?: { reference: ArrayLike<unknown>; current: ArrayLike<unknown>; kind: ColumnKind } | undefined;
  model?: DriftResult['model'];
  window?: DriftResult['window'];
  now?: Date;
}

const kindOf = (type: string): ColumnKind => (type === 'numeric' ? 'numeric' : 'categorical');

/**
 * Evidently-style data drift: one test per feature (default or configured), dataset drift when the
 * share of drifted features reaches `share`; plus prediction drift when outputs are given.
 */
export function computeDrift(options: ComputeDriftOptions): DriftResult {
  const { reference, current, config } = options;
  const base = {
    generatedAt: (options.now ?? new Date()).toISOString(),
    model: options.model ?? null,
    window: options.window ?? null,
    referenceRows: reference.rows,
    currentRows: current.rows,
    minSamples: config.min_samples,
    shareThreshold: config.share,
  };
  if (current.rows < config.min_samples || reference.rows === 0) {
    const message =
      reference.rows === 0
        ? 'Insufficient data: the reference is empty.'
        : `Insufficient data: ${current.rows} current rows, drift.min_samples is ${config.min_samples}.`;
    return {
      ...base,
      status: 'insufficient_data',
      message,
      columns: [],
      prediction: null,
      skipped: [],
      driftedColumns: 0,
      evaluatedColumns: 0,
      driftShare: 0,
      datasetDrift: false,
    };
  }
  const columns: ColumnDrift[] = [];
  const skipped: SkippedColumn[] = [];
  for (const feature of options.schema.features) {
    const ref = reference.column(feature.name);
    const cur = current.column(feature.name);
    if (!ref || !cur) {
      skipped.push({ column: feature.name, reason: `missing from the ${ref ? 'current data' : 'reference'}` });
      continue;
    }
    const override = config.columns[feature.name];
    const result = columnDrift(ref, cur, {
      column: feature.name,
      role: 'feature',
      kind: kindOf(feature.type),
      test: override?.test ?? 'auto',
      threshold: override?.threshold ?? null,
    });
    if ('skipped' in result) skipped.push({ column: feature.name, reason: result.skipped });
    else columns.push(result);
  }
  let prediction: ColumnDrift | null = null;
  if (options.predictions) {
    const p = columnDrift(options.predictions.reference, options.predictions.current, {
      column: 'prediction',
      role: 'prediction',
      kind: options.predictions.kind,
    });
    if (!('skipped' in p)) prediction = p;
  }
  const driftedColumns = columns.filter((c) => c.drifted).length;
  const driftShare = columns.length === 0 ? 0 : driftedColumns / columns.length;
  const datasetDrift = columns.length > 0 && driftShare >= config.share;
  const verdict = datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  return {
    ...base,
    status: 'ok',
    message: `${verdict}: ${driftedColumns} of ${columns.length} columns drifted (share ${driftShare.toFixed(2)}, threshold ${config.share}).`,
    columns,
    prediction,
    skipped,
    driftedColumns,
    evaluatedColumns: columns.length,
    driftShare,
    datasetDrift,
  };
}
