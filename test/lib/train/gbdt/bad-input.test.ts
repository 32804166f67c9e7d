import { describe, expect, it } from 'vitest';
import { ConfigError, DataValidationError, MlxError } from '../../../../src/lib/errors.js';
import { featureImportance, predictOutputs, predictRaw } from '../../../../src/lib/model/families/gbdt/index.js';
import { fitGbdt, type GbdtData, type GbdtParams } from '../../../../src/lib/train/families/gbdt/index.js';
import { dataset, generate } from './helpers.js';

/** The error a fit throws (fails the test when it does not throw). */
async function fitError(data: GbdtData, params: Partial<GbdtParams> = {}, val?: GbdtData): Promise<MlxError> {
  try {
    await fitGbdt(data, { max_iter: 3, ...params }, { seed: 1, ...(val ? { val } : {}) });
  } catch (error) {
    if (error instanceof MlxError) return error;
    throw error;
  }
  throw new Error('expected the fit to fail');
}

const rowsOf = (n: number, f: (i: number) => number[]) => Array.from({ length: n }, (_, i) => f(i));

describe('fitGbdt on bad input: defined behaviour or a clear error naming the column', () => {
  it('learns a constant regression target as that constant (no split, no error)', async () => {
    const data = dataset(
      rowsOf(200, (i) => [i, i % 7]),
      rowsOf(200, () => [4.25]).flat(),
      { task: 'regression' },
    );
    const { model } = await fitGbdt(data, { max_iter: 5 }, { seed: 1 });
    expect(model.trees.every((t) => t.feature.length === 1)).toBe(true);
    expect(Array.from(predictRaw(model, data.x, 3, 2))).toEqual([4.25, 4.25, 4.25]);
  });

  it('refuses a classification target with a single class', async () => {
    const data = { ...dataset([[1], [2]], [0, 0]), classes: 1 };
    const error = await fitError(data);
    expect(error).toBeInstanceOf(DataValidationError);
    expect(error.code).toBe('MLX_DATA_TARGET');
    expect(error.message).toMatch(/1 class/);
  });

  it('learns a two-class target whose training rows hold one class as that class', async () => {
    const data = dataset(
      rowsOf(100, (i) => [i]),
      rowsOf(100, () => [0]).flat(),
      { classes: 2 },
    );
    const { model } = await fitGbdt(data, { max_iter: 3 }, { seed: 1 });
    expect(predictOutputs(model, data.x, 1, 1)[1]).toBeLessThan(1e-10);
  });

  it('never splits on a feature with one value or on an all-missing column', async () => {
    const data = generate('binary', 1, 1000);
    for (let i = 0; i < data.rows; i++) {
      data.x[i * 6 + 2] = 3.5;
      data.x[i * 6 + 3] = Number.NaN;
    }
    const { model } = await fitGbdt(data, { max_iter: 10 }, { seed: 1 });
    const importance = featureImportance(model);
    expect(importance[2]?.splits).toBe(0);
    expect(importance[3]?.splits).toBe(0);
    expect(importance[0]?.splits).toBeGreaterThan(0);
    const row = Float64Array.of(0.5, Number.NaN, 1e9, Number.NaN, -3, 2);
    expect(Number.isFinite(predictRaw(model, row, 1, 6)[0])).toBe(true);
  });

  it('names a categorical column with more categories than max_bins', async () => {
    const data = dataset(
      rowsOf(300, (i) => [i % 300]),
      rowsOf(300, (i) => [i % 2]).flat(),
      { columns: [{ name: 'zip_code', kind: 'categorical' }] },
    );
    const error = await fitError(data);
    expect(error).toBeInstanceOf(DataValidationError);
    expect(error.message).toMatch(/"zip_code" has 300 categories/);
    expect(error.hint).toMatch(/Group rare categories/);
    expect((await fitError(data, { max_bins: 100 })).message).toMatch(/max_bins = 100/);
  });

  it('names a categorical column holding something else than a category code', async () => {
    const columns = [{ name: 'colour', kind: 'categorical' as const, categories: 3 }];
    const error = await fitError(dataset([[0], [1.5], [2]], [0, 1, 0], { columns }));
    expect(error.message).toMatch(/"colour" holds 1.5 in train row 1/);
    const negative = await fitError(dataset([[0], [-1]], [0, 1], { columns }));
    expect(negative.message).toMatch(/"colour" holds -1/);
    const tooLarge = await fitError(dataset([[0], [3]], [0, 1], { columns }));
    expect(tooLarge.message).toMatch(/"colour" holds code 3 but declares 3 categories/);
  });

  it('names a numeric column holding ±Infinity', async () => {
    const data = dataset(
      [
        [1, 2],
        [3, Number.NEGATIVE_INFINITY],
      ],
      [0, 1],
      {
        columns: [
          { name: 'a', kind: 'numeric' },
          { name: 'income', kind: 'numeric' },
        ],
      },
    );
    expect((await fitError(data)).message).toMatch(/"income" holds -Infinity in train row 1/);
  });

  it('refuses non-finite targets and weights, and weights that sum to zero', async () => {
    const reg = dataset([[1], [2], [3]], [1, Number.NaN, 3], { task: 'regression' });
    expect((await fitError(reg)).message).toMatch(/target of train row 1 is NaN/);
    const cls = dataset([[1], [2], [3]], [0, 2, 1], { classes: 2 });
    expect((await fitError(cls)).message).toMatch(/expected a class index 0..1/);
    const weighted = dataset([[1], [2]], [0, 1], { weights: [1, Number.POSITIVE_INFINITY] });
    expect((await fitError(weighted)).message).toMatch(/weight of row 1 is Infinity/);
    const zero = dataset([[1], [2]], [0, 1], { weights: [0, 0] });
    expect((await fitError(zero)).message).toMatch(/weights sum to zero/);
  });

  it('fails as a diverged run (MLX_TRAINING_DIVERGED) when the loss overflows (a target too large for doubles)', async () => {
    const data = dataset(
      rowsOf(50, (i) => [i]),
      rowsOf(50, (i) => [i % 2 ? 1.5e308 : 1.7e308]).flat(),
      { task: 'regression' },
    );
    const error = await fitError(data);
    expect(error.code).toBe('MLX_TRAINING_DIVERGED');
    expect(error.message).toMatch(/non-finite/);
  });

  it('names an invalid parameter with what is allowed', async () => {
    const data = generate('binary', 1, 100);
    const cases: [Partial<GbdtParams>, RegExp][] = [
      [{ learning_rate: 0 }, /learning_rate=0 is invalid: a number > 0/],
      [{ max_bins: 256 }, /max_bins=256 is invalid: an integer in 2..255/],
      [{ max_leaf_nodes: 1 }, /max_leaf_nodes=1/],
      [{ threads: 3 as 2 }, /threads=3/],
      [{ early_stopping: 'yes' as 'auto' }, /early_stopping="yes"/],
    ];
    for (const [params, message] of cases) {
      const error = await fitError(data, params);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(message);
    }
  });

  it('refuses a validation split that does not match the training columns', async () => {
    const train = generate('binary', 1, 100);
    const val = dataset([[1, 2]], [0]);
    expect((await fitError(train, {}, val)).message).toMatch(/val split does not have the columns/);
  });
});
