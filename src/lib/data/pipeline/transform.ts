import type { ColumnTable } from 'arquero';
import type { ColumnSource, InputIssue, Row } from '../../contracts.js';
import { coerceBoolean, coerceCategory, coerceDatetime, coerceNumber } from '../coerce.js';
import { datetimePart } from '../datetime-parts.js';
import { columnValues } from '../table-utils.js';
import type { FittedPipeline, NumericStep, PipelineFeature, TransformResult } from './types.js';

export interface TransformOptions {
  /** Also report imputed missing values as `missing` issues (default true). */
  reportMissing?: boolean;
  /** Stop collecting issues after this many (default 10,000); the transform goes on. */
  maxIssues?: number;
}

/** Reads the value of `feature` at `row`: the only difference between tables and rows. */
type ValueAt = (feature: PipelineFeature, featureIndex: number, row: number) => unknown;

/** Transforms an arquero table (columns missing from it are imputed, with an issue per row). */
export function transformTable(
  pipeline: FittedPipeline,
  table: ColumnTable,
  options: TransformOptions = {},
): TransformResult {
  const names = new Set(table.columnNames());
  const columns = pipeline.features.map((f) => (names.has(f.name) ? columnValues(table, f.name) : undefined));
  return transformWith(pipeline, table.numRows(), (_f, k, row) => columns[k]?.[row], options);
}

/** Transforms column-oriented data (any {@link ColumnSource}; absent columns are imputed). */
export function transformColumns(
  pipeline: FittedPipeline,
  source: ColumnSource,
  options: TransformOptions = {},
): TransformResult {
  const columns = pipeline.features.map((f) => source.column(f.name));
  return transformWith(pipeline, source.rows, (_f, k, row) => columns[k]?.[row], options);
}

/** Transforms plain records (JSON rows, HTTP instances) with the same encoders. */
export function transformRows(
  pipeline: FittedPipeline,
  rows: readonly Row[],
  options: TransformOptions = {},
): TransformResult {
  return transformWith(pipeline, rows.length, (f, _k, row) => rows[row]?.[f.name], options);
}

function transformWith(
  pipeline: FittedPipeline,
  rows: number,
  valueAt: ValueAt,
  options: TransformOptions,
): TransformResult {
  const width = pipeline.width;
  const x = new Float32Array(rows * width);
  const issues: InputIssue[] = [];
  const maxIssues = options.maxIssues ?? 10_000;
  const reportMissing = options.reportMissing ?? true;
  const na = new Set(pipeline.na_values);
  // One reporter for the whole transform (no closure per value): it reads the current position.
  const at = { row: 0, feature: '' };
  const report: Report = (kind, message) => {
    if (kind === 'missing' && !reportMissing) return;
    if (issues.length < maxIssues) issues.push({ row: at.row, feature: at.feature, kind, message });
  };
  let offset = 0;
  pipeline.features.forEach((feature, k) => {
    at.feature = feature.name;
    for (let row = 0; row < rows; row++) {
      at.row = row;
      encodeValue(feature, valueAt(feature, k, row), x, row * width + offset, na, report);
    }
    offset += featureWidth(feature);
  });
  return { x, rows, width, issues };
}

/** Output columns of one feature. */
export function featureWidth(feature: PipelineFeature): number {
  switch (feature.kind) {
    case 'numeric':
    case 'boolean':
      return 1;
    case 'categorical':
      return feature.categories.length;
    case 'datetime':
      return feature.parts.length;
    default:
      return feature satisfies never;
  }
}

type Report = (kind: InputIssue['kind'], message: string) => void;

/** Encodes one raw value of one feature into `out[at ...]`. Never throws. */
export function encodeValue(
  feature: PipelineFeature,
  value: unknown,
  out: Float32Array,
  at: number,
  na: ReadonlySet<string>,
  report: Report,
): void {
  switch (feature.kind) {
    case 'numeric': {
      const v = coerceNumber(value, na);
      out[at] = scaled(feature.step, checked(v, value, report, 'a number'));
      return;
    }
    case 'boolean': {
      const v = checked(coerceBoolean(value, na), value, report, 'true or false');
      out[at] = Number.isNaN(v) ? feature.impute : v;
      return;
    }
    case 'datetime': {
      const ms = checked(coerceDatetime(value, na), value, report, 'a date');
      feature.parts.forEach((p, i) => {
        out[at + i] = scaled(p.step, datetimePart(ms, p.part));
      });
      return;
    }
    case 'categorical': {
      let label = coerceCategory(value, na);
      if (label === null) {
        report('missing', `missing; imputed '${feature.impute}'`);
        label = feature.impute;
      }
      const index = categoryIndex(feature).get(label) ?? -1;
      if (index >= 0) out[at + index] = 1;
      else report('unknown_category', `'${label}' was not seen in training; encoded as all zeros`);
      return;
    }
    default:
      feature satisfies never;
  }
}

function checked(v: number | undefined, raw: unknown, report: Report, expected: string): number {
  if (v === undefined) {
    report('type', `expected ${expected}, got ${JSON.stringify(raw)}; imputed`);
    return Number.NaN;
  }
  if (Number.isNaN(v)) report('missing', 'missing; imputed');
  return v;
}

const indexCache = new WeakMap<object, Map<string, number>>();

/** label → one-hot position, built once per fitted feature. */
function categoryIndex(feature: Extract<PipelineFeature, { kind: 'categorical' }>): Map<string, number> {
  let index = indexCache.get(feature);
  if (!index) {
    index = new Map(feature.categories.map((c, i) => [c, i]));
    indexCache.set(feature, index);
  }
  return index;
}

/** Largest float32: bigger values would become Infinity in the Float32Array. */
const F32_MAX = 3.4028234663852886e38;

function scaled(step: NumericStep, v: number): number {
  const out = ((Number.isNaN(v) ? step.impute : v) - step.center) / step.scale;
  return Math.min(F32_MAX, Math.max(-F32_MAX, out));
}
