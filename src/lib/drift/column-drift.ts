import { type DriftMethod, MLX_DEFAULTS } from '../config/sections/drift.js';
import type { DictionaryColumn } from '../data/index.js';
import { chartData } from './chart-data.js';
import { type ColumnValues, columnValues, type SampleBuffer } from './column-sample.js';
import { effectSize, type MlxOptions, mlxTest } from './methods/mlx.js';
import { runDriftTest } from './run-test.js';
import { DEFAULT_THRESHOLDS, defaultTest } from './select-test.js';
import { freezeSample, primeCounts, thawSample } from './stats/frequencies.js';
import { populationStabilityIndex } from './stats/psi.js';
import { DRIFT_TESTS } from './tests/index.js';
import type { ColumnDrift, ColumnKind, DriftTestName } from './types.js';

export interface ColumnOptions {
  column: string;
  role: ColumnDrift['role'];
  kind: ColumnKind;
  /** Default `mlx`. */
  method?: DriftMethod | undefined;
  /** evidently: `auto` = Evidently's default choice. */
  test?: DriftTestName | 'auto';
  /** evidently: null/undefined = the test's default threshold. */
  threshold?: number | null;
  /** mlx: level and effect-size floors (the column is decided on its own at level `fdr`). */
  mlx?: MlxOptions;
  /** Reused memory for the numeric samples of each side (see SampleBuffer). */
  buffers?: { reference: SampleBuffer; current: SampleBuffer };
}

type Verdict = Pick<
  ColumnDrift,
  'test' | 'score' | 'scoreKind' | 'threshold' | 'drifted' | 'pValueAdjusted' | 'effectSize'
>;

function evidentlyVerdict(ref: ColumnValues, cur: ColumnValues, options: ColumnOptions): Verdict {
  const test = !options.test || options.test === 'auto' ? defaultTest(ref.sample, cur.sample) : options.test;
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[test];
  const { score, scoreKind, drifted } = runDriftTest(test, ref.sample, cur.sample, threshold);
  return { test, score, scoreKind, threshold, drifted, pValueAdjusted: null, effectSize: null };
}

function mlxVerdict(ref: ColumnValues, cur: ColumnValues, options: ColumnOptions): Verdict {
  const mlx = options.mlx ?? MLX_DEFAULTS;
  const test = mlxTest(ref.sample, cur.sample);
  const score = DRIFT_TESTS[test].score(ref.sample, cur.sample);
  const effect = effectSize(ref.sample, cur.sample, options.kind, mlx.effect_size);
  return {
    test,
    score,
    scoreKind: 'p_value',
    threshold: mlx.fdr,
    drifted: score <= mlx.fdr && effect.value >= effect.floor,
    pValueAdjusted: score,
    effectSize: effect,
  };
}

/**
 * Drift of one column, or the reason it cannot be evaluated (no values on one side). With `mlx` the
 * column is decided on its own at level `fdr`; `computeDrift` then corrects across the features.
 */
export function columnDrift(
  reference: ArrayLike<unknown> | DictionaryColumn,
  current: ArrayLike<unknown> | DictionaryColumn,
  options: ColumnOptions,
): ColumnDrift | { skipped: string } {
  const ref = columnValues(reference, options.kind, { buffer: options.buffers?.reference });
  const cur = columnValues(current, options.kind, { buffer: options.buffers?.current });
  if (ref.sample.values.length === 0) return { skipped: 'no non-missing values in the reference' };
  if (cur.sample.values.length === 0) return { skipped: 'no non-missing values in the current data' };
  // The tests, PSI and the chart share one count of each side's values while the column is evaluated.
  freezeSample(ref.sample.values);
  freezeSample(cur.sample.values);
  if (ref.counts) primeCounts(ref.sample.values, ref.counts);
  if (cur.counts) primeCounts(cur.sample.values, cur.counts);
  try {
    const method = options.method ?? 'mlx';
    const verdict = method === 'evidently' ? evidentlyVerdict(ref, cur, options) : mlxVerdict(ref, cur, options);
    return {
      column: options.column,
      role: options.role,
      kind: options.kind,
      ...verdict,
      psi: verdict.test === 'psi' ? verdict.score : populationStabilityIndex(ref.sample, cur.sample),
      reference: ref.summary,
      current: cur.summary,
      missingShareChange: cur.summary.missingShare - ref.summary.missingShare,
      chart: chartData(ref.sample, cur.sample),
    };
  } finally {
    thawSample(ref.sample.values);
    thawSample(cur.sample.values);
  }
}
