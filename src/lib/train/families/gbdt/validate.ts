import { ConfigError, DataValidationError } from '../../../errors.js';
import { GBDT_DEFAULTS, type GbdtData, type GbdtParams } from './types.js';

function bad(key: keyof GbdtParams, value: unknown, allowed: string): ConfigError {
  return new ConfigError(`gbdt parameter ${key}=${JSON.stringify(value)} is invalid: ${allowed}.`, {
    hint: `Set ${key} to ${allowed} (scikit-learn's default is ${JSON.stringify(GBDT_DEFAULTS[key])}).`,
  });
}

const int = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Defaults + overrides, checked: an invalid value is a ConfigError naming the parameter. */
export function resolveGbdtParams(overrides: Partial<GbdtParams> = {}): GbdtParams {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...overrides };
  if (!(typeof p.learning_rate === 'number' && p.learning_rate > 0 && Number.isFinite(p.learning_rate))) {
    throw bad('learning_rate', p.learning_rate, 'a number > 0');
  }
  if (!int(p.max_iter, 1)) throw bad('max_iter', p.max_iter, 'an integer >= 1');
  if (p.max_leaf_nodes !== null && !int(p.max_leaf_nodes, 2)) {
    throw bad('max_leaf_nodes', p.max_leaf_nodes, 'an integer >= 2 or null');
  }
  if (p.max_depth !== null && !int(p.max_depth, 1)) throw bad('max_depth', p.max_depth, 'an integer >= 1 or null');
  if (!int(p.min_samples_leaf, 1)) throw bad('min_samples_leaf', p.min_samples_leaf, 'an integer >= 1');
  if (!(typeof p.l2_regularization === 'number' && p.l2_regularization >= 0 && Number.isFinite(p.l2_regularization))) {
    throw bad('l2_regularization', p.l2_regularization, 'a number >= 0');
  }
  if (!int(p.max_bins, 2, 255)) throw bad('max_bins', p.max_bins, 'an integer in 2..255');
  if (p.early_stopping !== 'auto' && typeof p.early_stopping !== 'boolean') {
    throw bad('early_stopping', p.early_stopping, "'auto', true or false");
  }
  if (!int(p.n_iter_no_change, 1)) throw bad('n_iter_no_change', p.n_iter_no_change, 'an integer >= 1');
  if (!(typeof p.tol === 'number' && p.tol >= 0 && Number.isFinite(p.tol))) throw bad('tol', p.tol, 'a number >= 0');
  if (p.threads !== 'auto' && p.threads !== 1 && p.threads !== 2) throw bad('threads', p.threads, "'auto', 1 or 2");
  if (p.seed !== null && !int(p.seed, 0, 0xffffffff)) throw bad('seed', p.seed, 'an integer >= 0 or null');
  return p;
}

function dataError(message: string, hint: string): DataValidationError {
  return new DataValidationError(message, { code: 'MLX_DATA_TARGET', hint });
}

/**
 * Checks shapes, target, weights and categorical codes; returns the number of categories per
 * column (0 for numeric columns). Errors name the split and the column.
 */
export function checkGbdtData(data: GbdtData, role: 'train' | 'val', maxBins: number, reference?: GbdtData): number[] {
  const { rows, width, x, y, columns } = data;
  if (!int(rows, role === 'train' ? 1 : 0) || !int(width, 1) || x.length !== rows * width || y.length !== rows) {
    throw new DataValidationError(
      `The ${role} split has ${rows} rows × ${width} columns but x holds ${x.length} values and y ${y.length}.`,
      { code: 'MLX_DATA_EMPTY', hint: 'Prepare the data again: every split needs at least one row.' },
    );
  }
  if (columns.length !== width) {
    throw new DataValidationError(`The ${role} split names ${columns.length} columns for ${width} feature columns.`);
  }
  if (reference && (reference.width !== width || reference.task !== data.task || reference.classes !== data.classes)) {
    throw new DataValidationError(`The ${role} split does not have the columns and target of the training split.`);
  }
  if (data.task === 'classification' ? !int(data.classes, 2) : data.classes !== 1) {
    throw dataError(
      data.task === 'classification'
        ? `The target has ${data.classes} class(es); classification needs at least 2.`
        : `Regression takes classes = 1, got ${data.classes}.`,
      'Check the target column: a single class cannot be learned (use more data or another target).',
    );
  }
  for (let i = 0; i < rows; i++) {
    const v = y[i] as number;
    const ok = data.task === 'classification' ? int(v, 0, data.classes - 1) : Number.isFinite(v);
    if (!ok) {
      throw dataError(
        `The target of ${role} row ${i} is ${v}: ${data.task === 'classification' ? `expected a class index 0..${data.classes - 1}` : 'expected a finite number'}.`,
        'Drop or impute rows with a missing or non-finite target before training.',
      );
    }
  }
  if (data.weights) {
    if (data.weights.length !== rows)
      throw dataError(
        `The ${role} weights have ${data.weights.length} entries for ${rows} rows.`,
        'Give one weight per row.',
      );
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const w = data.weights[i] as number;
      if (!(w >= 0 && Number.isFinite(w))) {
        throw dataError(
          `The ${role} weight of row ${i} is ${w}: weights must be finite and >= 0.`,
          'Check the class weights.',
        );
      }
      total += w;
    }
    if (rows > 0 && !(total > 0))
      throw dataError(`The ${role} weights sum to zero.`, 'At least one row needs a positive weight.');
  }
  return columns.map((_, c) => checkColumn(data, c, role, maxBins, reference?.columns[c]?.categories));
}

function checkColumn(data: GbdtData, c: number, role: string, maxBins: number, refCategories?: number): number {
  const column = data.columns[c];
  if (!column) return 0;
  if (column.kind === 'numeric') {
    for (let i = 0; i < data.rows; i++) {
      const v = data.x[i * data.width + c] as number;
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        throw new DataValidationError(`Numeric column "${column.name}" holds ${v} in ${role} row ${i}.`, {
          hint: 'Replace infinite values (by NaN for missing, or a large finite value) before training.',
        });
      }
    }
    return 0;
  }
  let max = -1;
  for (let i = 0; i < data.rows; i++) {
    const v = data.x[i * data.width + c] as number;
    if (Number.isNaN(v)) continue;
    if (!int(v, 0)) {
      throw new DataValidationError(
        `Categorical column "${column.name}" holds ${v} in ${role} row ${i}: expected a category code 0, 1, 2, ... or NaN for missing.`,
        { hint: 'Encode categories as integer codes before training.' },
      );
    }
    max = Math.max(max, v);
  }
  const categories = column.categories ?? refCategories ?? max + 1;
  if (max >= categories) {
    throw new DataValidationError(
      `Categorical column "${column.name}" holds code ${max} but declares ${categories} categories.`,
      { hint: 'Codes must be 0..categories-1.' },
    );
  }
  if (categories > maxBins) {
    throw new DataValidationError(
      `Categorical column "${column.name}" has ${categories} categories; gbdt splits at most max_bins = ${maxBins} categories natively.`,
      {
        hint: 'Group rare categories into one (or an "other" level), treat the column as numeric, or raise max_bins (at most 255).',
      },
    );
  }
  return Math.max(categories, 1);
}
