import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forestOf } from '../../../../src/lib/model/families/gbdt/compile.js';
import { bundleThreads } from '../../../../src/lib/model/families/gbdt/family.js';
import { forestImage } from '../../../../src/lib/model/families/gbdt/forest-image.js';
import {
  type GbdtModel,
  type GbdtTree,
  gbdtScorer,
  predictRaw,
} from '../../../../src/lib/model/families/gbdt/index.js';
import { PARALLEL_MIN_ROWS, predictsInParallel } from '../../../../src/lib/model/families/gbdt/predict.js';
import { SLICE_ROWS } from '../../../../src/lib/model/families/gbdt/predict-slice.js';
import { wasmPredictor } from '../../../../src/lib/model/families/gbdt/wasm-forest.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { fitGbdt } from '../../../../src/lib/train/families/gbdt/index.js';
import { generate, sliceRows } from '../../train/gbdt/helpers.js';
import { bits, handModel } from './model.js';

/** How many scores differ as doubles (Object.is: -0 and 0 differ too). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** A stump on feature 0: x <= threshold goes left (value -1), else right (value `right`). */
function stump(threshold: number, right: number, missingLeft: 0 | 1 = 1): GbdtTree {
  return {
    feature: [0, -1, -1],
    threshold: [threshold, 0, 0],
    left: [1, -1, -1],
    right: [2, -1, -1],
    missingLeft: [missingLeft, 0, 0],
    value: [0, -1, right],
    gain: [1, 0, 0],
    count: [2, 1, 1],
    categorical: [-1, -1, -1],
    bitsets: [],
  };
}

function stumps(thresholds: number[]): GbdtModel {
  return handModel({
    iterations: thresholds.length,
    features: [{ name: 'x', kind: 'numeric' }],
    trees: thresholds.map((t, i) => stump(t, 1 + i / 1024, (i % 2) as 0 | 1)),
  });
}

describe('the WebAssembly prediction kernel', () => {
  it('gives the JavaScript scores on one and on two threads, over several chunks and partial groups', async () => {
    // Given a multiclass model with missing values and a categorical feature
    const data = generate('multiclass', 7, 150_005);
    const { model } = await fitGbdt(sliceRows(data, 0, 3000), { max_iter: 4 }, { seed: 3 });
    expect(predictsInParallel(data.rows, 2)).toBe(true);
    // When 150 005 rows (several chunks, rows that fill no group of 8) are scored every way
    const js = predictRaw(model, data.x, data.rows, data.width, { kernel: 'js' });
    const one = predictRaw(model, data.x, data.rows, data.width, { threads: 1 });
    const two = predictRaw(model, data.x, data.rows, data.width, { threads: 2 });
    // and with the worker taking every slice (how much it takes when sharing depends on timing)
    const kernel = wasmPredictor(forestOf(model), data.width, 3);
    const worker = predictRaw(model, data.x, data.rows, data.width, { iterations: 0 });
    kernel?.run(data.x, data.rows, model.trees.length, worker, 'worker');
    // Then the worker scored every slice of the last run, and every score is the same double
    expect(kernel?.workerSlices()).toBeGreaterThanOrEqual(Math.ceil(data.rows / SLICE_ROWS));
    expect(differing(one, js)).toBe(0);
    expect(differing(two, js)).toBe(0);
    expect(differing(worker, js)).toBe(0);
    // And staged prediction (fewer trees) agrees too
    const staged = { iterations: 2 };
    expect(
      differing(
        predictRaw(model, data.x, data.rows, data.width, { ...staged, threads: 2 }),
        predictRaw(model, data.x, data.rows, data.width, { ...staged, kernel: 'js' }),
      ),
    ).toBe(0);
  });

  it('gives the JavaScript scores for 1 to 9 rows (trees walked 8 at a time, then the rest one by one)', async () => {
    // Given a 3-class model of 33 trees (4 lockstep groups of 8 and 1 left over), and staged: 9 trees
    const data = generate('multiclass', 11, 3000);
    const { model } = await fitGbdt(data, { max_iter: 11, early_stopping: false }, { seed: 5 });
    expect(model.trees.length).toBe(33);
    for (const iterations of [undefined, 3])
      for (let rows = 1; rows <= 9; rows++) {
        // When the first rows are scored by the kernel and by the JavaScript walk
        const x = data.x.subarray(0, rows * data.width);
        const staged = iterations === undefined ? {} : { iterations };
        const wasm = predictRaw(model, x, rows, data.width, { ...staged, threads: 1 });
        const js = predictRaw(model, x, rows, data.width, { ...staged, kernel: 'js' });
        // Then every score is the same double
        expect(differing(wasm, js)).toBe(0);
      }
  });

  it('keeps batches below the parallel threshold and threads: 1 on one thread', () => {
    expect(predictsInParallel(PARALLEL_MIN_ROWS - 1, 2)).toBe(false);
    expect(predictsInParallel(PARALLEL_MIN_ROWS, 1)).toBe(false);
    expect(predictsInParallel(PARALLEL_MIN_ROWS, 2)).toBe(true);
  });

  it('decides as x > threshold does at the edges: ±0, neighbours of a threshold, infinities, NaN', () => {
    // Given stumps on thresholds that include -0, 0, tiny and huge values, ±Infinity (missing values going
    // left on every other stump: +Infinity both ways)
    const inf = Number.POSITIVE_INFINITY;
    const thresholds = [0, -0, 5e-324, -5e-324, 1.5, Number.MAX_VALUE, Number.NEGATIVE_INFINITY, 1e300, inf, inf];
    const model = stumps(thresholds);
    const values = [
      ...thresholds,
      ...thresholds.filter(Number.isFinite).flatMap((t) => [t * (1 + 2 ** -52), t - 2 ** -1074, t + 2 ** -1074]),
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      -0,
      1.4999999999999998,
    ];
    const x = Float64Array.from(values);
    // When scored by the kernel and by the JavaScript walk
    const wasm = predictRaw(model, x, x.length, 1);
    const js = predictRaw(model, x, x.length, 1, { kernel: 'js' });
    // Then the kernel has an image of the forest, and every score is the same double
    expect(forestImage(forestOf(model), 1)).not.toBeNull();
    expect(differing(wasm, js)).toBe(0);
    // And so with each value alone (a single row walks the compact records)
    for (let i = 0; i < x.length; i++)
      expect(differing(predictRaw(model, x.subarray(i, i + 1), 1, 1), js.subarray(i, i + 1))).toBe(0);
  });

  it('codes 255 categories, unknown codes and non-codes as the JavaScript walk does', () => {
    // Given a categorical split over 255 categories whose left set is every third code
    const left = Array.from({ length: 85 }, (_, i) => i * 3);
    const tree: GbdtTree = { ...stump(0, 2), categorical: [0, -1, -1], bitsets: bits(...left) };
    const known = bits(...Array.from({ length: 254 }, (_, i) => i)); // code 254 never seen
    const model = handModel({
      iterations: 1,
      features: [{ name: 'c', kind: 'categorical', categories: 255, known }],
      trees: [tree],
    });
    const rnd = mulberry32(9);
    const specials = [254, 255, 256, -1, -0, 0.5, 1e10, -1e10, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 32];
    const x = Float64Array.from([
      ...Array.from({ length: 255 }, (_, c) => c),
      ...specials,
      ...specials.map(() => rnd()),
    ]);
    // Then the kernel and the JavaScript walk agree on every row, scored together and one by one
    const js = predictRaw(model, x, x.length, 1, { kernel: 'js' });
    expect(differing(predictRaw(model, x, x.length, 1), js)).toBe(0);
    for (let i = 0; i < x.length; i++)
      expect(differing(predictRaw(model, x.subarray(i, i + 1), 1, 1), js.subarray(i, i + 1))).toBe(0);
  });

  it('falls back to the JavaScript walk when a feature has more thresholds than one-byte codes hold', () => {
    // Given stumps on 254 distinct thresholds (the most a code holds) and on 255
    const at = (n: number) => Array.from({ length: n }, (_, i) => i / 7 - 10);
    const fits = stumps(at(254));
    const tooMany = stumps(at(255));
    const x = Float64Array.from({ length: 2000 }, (_, i) => (i % 97 === 0 ? Number.NaN : i / 70 - 12));
    // Then the first has an image and the second none, and both score as the JavaScript walk
    expect(forestImage(forestOf(fits), 1)).not.toBeNull();
    expect(forestImage(forestOf(tooMany), 1)).toBeNull();
    for (const model of [fits, tooMany])
      expect(differing(predictRaw(model, x, 2000, 1), predictRaw(model, x, 2000, 1, { kernel: 'js' }))).toBe(0);
  });

  it('predicts again after the scorer is disposed (the worker stops; the next large batch starts one)', async () => {
    const data = generate('binary', 5, PARALLEL_MIN_ROWS + 8);
    const { model } = await fitGbdt(sliceRows(data, 0, 2000), { max_iter: 3 }, { seed: 1 });
    const scorer = gbdtScorer(model, 2);
    const input = { x: data.x, rows: data.rows, width: data.width };
    const before = Float64Array.from(scorer.score(input));
    scorer.dispose();
    expect(differing(Float64Array.from(scorer.score(input)), before)).toBe(0);
    scorer.dispose();
  });

  it("takes the bundle's model.threads for prediction: 1 or 2 as trained, else auto", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-gbdt-threads-'));
    try {
      const threadsFor = (yaml: string | null) => {
        if (yaml === null) rmSync(path.join(dir, 'config.yaml'), { force: true });
        else writeFileSync(path.join(dir, 'config.yaml'), yaml);
        return bundleThreads(dir);
      };
      expect(threadsFor('model:\n  type: gbdt\n  threads: 1\n')).toBe(1);
      expect(threadsFor('model:\n  type: gbdt\n  threads: 2\n')).toBe(2);
      expect(threadsFor('model:\n  type: gbdt\n  threads: auto\n')).toBe('auto');
      expect(threadsFor('model:\n  type: gbdt\n')).toBe('auto');
      expect(threadsFor('model: [unclosed\n')).toBe('auto');
      expect(threadsFor(null)).toBe('auto');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
