import { type DriftConfig, type DriftMethod, MLX_DEFAULTS } from '../config/sections/drift.js';
import type { InputSchema } from '../contracts.js';
import type { DictionaryColumn } from '../data/index.js';
import { columnDrift } from './column-drift.js';
import { SampleBuffer } from './column-sample.js';
import { evidentlyDecision } from './methods/evidently.js';
import { decideColumns, type MlxOptions, type MultivariateStatistic, mlxDecision } from './methods/mlx.js';
import type { ColumnDrift, ColumnKind, DriftDecision, DriftResult, MultivariateDrift, SkippedColumn } from './types.js';

/**
 * Column-oriented data: `column(name)` gives that column's values (undefined when absent): an array,
 * a typed array, or an ingested dictionary-coded text column.
 */
export interface ColumnSource {
  rows: number;
  column(name: string): ArrayLike<unknown> | DictionaryColumn | undefined;
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

/** A ColumnSource over arrays by name (ingested files, large data, benchmarks): the arrays themselves, no copy. */
export function columnsSource(columns: Record<string, ArrayLike<unknown> | DictionaryColumn>): ColumnSource {
  const first = Object.values(columns)[0];
  return { rows: first?.length ?? 0, column: (name) => columns[name] };
}

/** The drift keys computeDrift reads; the mlx keys default as in the config schema. */
export type DriftComputeConfig = Pick<DriftConfig, 'min_samples' | 'share' | 'columns'> &
  Partial<Pick<DriftConfig, 'method' | 'fdr' | 'correction' | 'effect_size'>>;

export interface ComputeDriftOptions {
  reference: ColumnSource;
  current: ColumnSource;
  schema: Pick<InputSchema, 'features'>;
  config: DriftComputeConfig;
  /** Model outputs on both sides (label or value per row) for prediction drift. */
  predictions?: { reference: ArrayLike<unknown>; current: ArrayLike<unknown>; kind: ColumnKind } | undefined;
  /**
   * The multivariate test's statistic (computed beforehand: it trains models, asynchronously); mlx
   * corrects its p-value together with the columns'. A string: why it could not run (reported as skipped).
   */
  multivariate?: MultivariateStatistic | string | null | undefined;
  model?: DriftResult['model'];
  window?: DriftResult['window'];
  now?: Date;
}

const kindOf = (type: string): ColumnKind => (type === 'numeric' ? 'numeric' : 'categorical');

function mlxOptions(config: DriftComputeConfig): MlxOptions {
  return {
    fdr: config.fdr ?? MLX_DEFAULTS.fdr,
    correction: config.correction ?? MLX_DEFAULTS.correction,
    effect_size: config.effect_size ?? MLX_DEFAULTS.effect_size,
  };
}

function decisionOf(
  method: DriftMethod,
  config: DriftComputeConfig,
  columns: number,
  multivariate: boolean,
): DriftDecision {
  return method === 'mlx' ? mlxDecision(mlxOptions(config), columns, multivariate) : evidentlyDecision(config);
}

function verdictMessage(
  method: DriftMethod,
  config: DriftComputeConfig,
  drifted: number,
  evaluated: number,
  share: number,
  datasetDrift: boolean,
  multivariate: MultivariateDrift | null,
): string {
  const verdict = datasetDrift ? 'Dataset drift detected' : 'No dataset drift';
  const joint = multivariate
    ? `; multivariate test ${multivariate.drifted ? 'drifted' : 'ok'} (AUC ${multivariate.auc.toFixed(3)})`
    : '';
  const counted = `${verdict}: ${drifted} of ${evaluated} columns drifted${joint}`;
  if (method === 'evidently') return `${counted} (share ${share.toFixed(2)}, threshold ${config.share}).`;
  const o = mlxOptions(config);
  return `${counted} (${o.correction === 'bh' ? 'Benjamini–Hochberg' : 'Holm'}-corrected p ≤ ${o.fdr} and effect size ≥ floor).`;
}

/**
 * Data drift of every schema feature (one column at a time, so only one column's samples are held)
 * plus prediction drift when outputs are given. `mlx` (default): tests valid for finite samples,
 * corrected across the features, an effect-size floor, dataset drift = any feature drifted, with a
 * stated false-alarm rate. `evidently`: Evidently's tests and thresholds, dataset drift when the share
 * of drifted features reaches `share`.
 */
export function computeDrift(options: ComputeDriftOptions): DriftResult {
  const { reference, current, config } = options;
  const method = config.method ?? 'mlx';
  const base = {
    method,
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
      decision: decisionOf(method, config, options.schema.features.length, false),
      message,
      columns: [],
      prediction: null,
      skipped: [],
      multivariate: null,
      driftedColumns: 0,
      evaluatedColumns: 0,
      driftShare: 0,
      datasetDrift: false,
    };
  }
  const mlx = mlxOptions(config);
  const buffers = { reference: new SampleBuffer(), current: new SampleBuffer() };
  let columns: ColumnDrift[] = [];
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
      method,
      test: override?.test ?? 'auto',
      threshold: override?.threshold ?? null,
      mlx,
      buffers,
    });
    if ('skipped' in result) skipped.push({ column: feature.name, reason: result.skipped });
    else columns.push(result);
  }
  let multivariate: MultivariateDrift | null = null;
  if (typeof options.multivariate === 'string')
    skipped.push({ column: '(multivariate)', reason: options.multivariate });
  if (method === 'mlx') {
    const statistic = typeof options.multivariate === 'object' ? options.multivariate : null;
    ({ columns, multivariate } = decideColumns(columns, mlx, statistic));
  }
  let prediction: ColumnDrift | null = null;
  if (options.predictions) {
    const p = columnDrift(options.predictions.reference, options.predictions.current, {
      column: 'prediction',
      role: 'prediction',
      kind: options.predictions.kind,
      method,
      mlx,
      buffers,
    });
    if (!('skipped' in p)) prediction = p;
  }
  const driftedColumns = columns.filter((c) => c.drifted).length;
  const driftShare = columns.length === 0 ? 0 : driftedColumns / columns.length;
  const datasetDrift =
    method === 'mlx'
      ? driftedColumns > 0 || multivariate?.drifted === true
      : columns.length > 0 && driftShare >= config.share;
  return {
    ...base,
    status: 'ok',
    decision: decisionOf(method, config, columns.length, multivariate !== null),
    message: verdictMessage(method, config, driftedColumns, columns.length, driftShare, datasetDrift, multivariate),
    columns,
    prediction,
    skipped,
    multivariate,
    driftedColumns,
    evaluatedColumns: columns.length,
    driftShare,
    datasetDrift,
  };
}
