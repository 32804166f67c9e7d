import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/lib/errors.js';
import {
  featureImportance,
  outputColumns,
  predictOutputs,
  predictRaw,
  summarizeForest,
} from '../../../../src/lib/model/families/gbdt/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { fitGbdt } from '../../../../src/lib/train/families/gbdt/index.js';
import { generate, sliceRows } from '../../train/gbdt/helpers.js';
import { handModel, leaf } from './model.js';

describe('predictRaw', () => {
  it('routes numeric, missing and categorical values as the trees say', () => {
    // Given the hand model (baseline -0.5, tree 1 adds 0.25 to everything)
    const model = handModel();
    const rows: [number, number, number][] = [
      // x, colour, expected tree-0 leaf
      [1, 0, 0.5], // x <= 1.5
      [1.5, 1, 0.5], // the threshold itself goes left
      [Number.NaN, 1, 0.5], // missing x goes left
      [2, 1, -1], // colour 1 is in the left set
      [2, 0, 2], // colour 0 is not
      [2, 2, 2], // code 2 never seen in training: missing, which goes right
      [2, Number.NaN, 2], // missing colour goes right
      [2, 0.5, 2], // not a code: treated as missing
      [Number.POSITIVE_INFINITY, 1, -1],
      [Number.NEGATIVE_INFINITY, 1, 0.5],
    ];
    // When predicting them (more than four rows: the four-at-a-time path and the rest)
    const x = Float64Array.from(rows.flatMap((row) => row.slice(0, 2)));
    const raw = predictRaw(model, x, rows.length, 2);
    // Then each gets baseline + its leaf + 0.25
    expect(Array.from(raw)).toEqual(rows.map(([, , v]) => -0.5 + v + 0.25));
    // And Float32 input works alike
    expect(Array.from(predictRaw(model, Float32Array.from(x), rows.length, 2))).toEqual(Array.from(raw));
  });

  it('uses only the first iterations when asked (staged prediction)', () => {
    const model = handModel();
    const x = Float64Array.of(2, 0);
    expect(predictRaw(model, x, 1, 2, { iterations: 1 })[0]).toBe(-0.5 + 2);
    expect(predictRaw(model, x, 1, 2, { iterations: 0 })[0]).toBe(-0.5);
    expect(predictRaw(model, x, 1, 2, { iterations: 99 })[0]).toBe(-0.5 + 2 + 0.25);
  });

  it('refuses a matrix of the wrong width, naming the expected features', () => {
    expect(() => predictRaw(handModel(), Float64Array.of(1, 2, 3), 1, 3)).toThrow(InputError);
    expect(() => predictRaw(handModel(), Float64Array.of(1, 2, 3), 1, 3)).toThrow(/2 feature columns \(x, colour\)/);
  });

  it('gives the same scores in WebAssembly as in JavaScript, over several chunks of rows', async () => {
    // Given a fitted multiclass model with missing values and a categorical feature
    const data = generate('multiclass', 3, 40_003);
    const { model } = await fitGbdt(sliceRows(data, 0, 3000), { max_iter: 5 }, { seed: 1 });
    // When 40 003 rows (two chunks, and rows that fill no group of 8) are scored both ways
    const wasm = predictRaw(model, data.x, data.rows, data.width);
    const js = predictRaw(model, data.x, data.rows, data.width, { kernel: 'js' });
    // Then every score is the same double
    expect(wasm.length).toBe(40_003 * 3);
    let differ = 0;
    for (let i = 0; i < wasm.length; i++) if (wasm[i] !== js[i]) differ++;
    expect(differ).toBe(0);
  });

  it('gives the same scores one row at a time as in a batch', () => {
    const model = handModel();
    const rnd = mulberry32(4);
    const rows = 23;
    const x = Float64Array.from({ length: rows * 2 }, (_, i) =>
      rnd() < 0.2 ? Number.NaN : i % 2 ? Math.floor(rnd() * 4) : rnd() * 4,
    );
    const batch = predictRaw(model, x, rows, 2);
    for (let r = 0; r < rows; r++) expect(predictRaw(model, x.subarray(r * 2, r * 2 + 2), 1, 2)[0]).toBe(batch[r]);
  });
});

describe('predictOutputs', () => {
  it('gives [1 - p, p] with the sigmoid for binary log-loss', () => {
    const model = handModel();
    const out = predictOutputs(model, Float64Array.of(2, 0), 1, 2);
    const p = 1 / (1 + Math.exp(-(-0.5 + 2 + 0.25)));
    expect(outputColumns(model)).toBe(2);
    expect(out[1]).toBeCloseTo(p, 15);
    expect((out[0] as number) + (out[1] as number)).toBeCloseTo(1, 15);
  });

  it('gives softmax probabilities for multiclass and raw values for regression', () => {
    const multi = handModel({
      classes: 3,
      treesPerIteration: 3,
      iterations: 1,
      baseline: [0, 1, 2],
      trees: [leaf(0.5), leaf(0), leaf(-1000)],
    });
    const out = predictOutputs(multi, Float64Array.of(0, 0), 1, 2);
    const e = [Math.exp(0.5), Math.exp(1), Math.exp(-998)];
    const total = e.reduce((a, b) => a + b, 0);
    expect(Array.from(out)).toEqual(e.map((v) => expect.closeTo(v / total, 15)));
    const regression = handModel({ task: 'regression', loss: 'squared_error', classes: 1 });
    expect(outputColumns(regression)).toBe(1);
    expect(Array.from(predictOutputs(regression, Float64Array.of(2, 0), 1, 2))).toEqual([-0.5 + 2 + 0.25]);
  });
});

describe('featureImportance and summarizeForest', () => {
  it('sums split gains per feature and counts trees, leaves and depth', () => {
    const model = handModel();
    expect(featureImportance(model)).toEqual([
      { name: 'x', gain: 12, share: 0.8, splits: 1 },
      { name: 'colour', gain: 3, share: 0.2, splits: 1 },
    ]);
    expect(summarizeForest(model)).toEqual({ iterations: 2, trees: 2, leaves: 4, maxDepth: 2 });
  });
});
