import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GbdtModel,
  type GbdtTree,
  inBitset,
  predictOutputs,
  predictRaw,
} from '../../../../src/lib/model/families/gbdt/index.js';
import { mulberry32 } from '../../../../src/lib/random.js';
import { fitGbdt, type GbdtData } from '../../../../src/lib/train/families/gbdt/index.js';

interface Shape {
  seed: number;
  rows: number;
  nanRate: number;
  levels: number;
  task: 'classification' | 'regression';
}

/** Random data: two numeric columns (with missing values) and one categorical column. */
function randomData(s: Shape, rows = s.rows): GbdtData {
  const rnd = mulberry32(s.seed);
  const x = new Float64Array(rows * 3);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    x[i * 3] = rnd() < s.nanRate ? Number.NaN : Math.round((rnd() * 20 - 10) * 100) / 100;
    x[i * 3 + 1] = rnd() < s.nanRate ? Number.NaN : Math.floor(rnd() * 5);
    x[i * 3 + 2] = rnd() < s.nanRate ? Number.NaN : Math.floor(rnd() * s.levels);
    const signal = (x[i * 3] as number) > 0 || Number.isNaN(x[i * 3]) ? 1 : 0;
    y[i] = s.task === 'regression' ? signal * 3 + rnd() : rnd() < 0.2 + 0.6 * signal ? 1 : 0;
  }
  return {
    x,
    rows,
    width: 3,
    columns: [
      { name: 'a', kind: 'numeric' },
      { name: 'b', kind: 'numeric' },
      { name: 'c', kind: 'categorical', categories: 8 },
    ],
    y,
    task: s.task,
    classes: s.task === 'regression' ? 1 : 2,
  };
}

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  rows: fc.integer({ min: 30, max: 160 }),
  nanRate: fc.constantFrom(0, 0.1, 0.4),
  levels: fc.integer({ min: 1, max: 8 }),
  task: fc.constantFrom<'classification' | 'regression'>('classification', 'regression'),
});

/** Query rows anywhere: inside and far outside the training range, missing, unknown category codes. */
const queries = fc.array(
  fc.tuple(
    fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN)),
    fc.oneof(fc.integer({ min: -2, max: 7 }), fc.constant(Number.NaN)),
    fc.oneof(fc.integer({ min: -1, max: 300 }), fc.double({ min: 0, max: 8 }), fc.constant(Number.NaN)),
  ),
  { minLength: 1, maxLength: 20 },
);

/** The specification of routing: NaN or an unknown category follows `missingLeft`. */
function walk(model: GbdtModel, tree: GbdtTree, row: readonly number[]): number {
  let n = 0;
  while ((tree.feature[n] as number) >= 0) {
    const f = tree.feature[n] as number;
    const v = row[f] as number;
    const cat = tree.categorical[n] as number;
    const known = model.features[f]?.known;
    const isKnown =
      cat >= 0 && Number.isInteger(v) && v >= 0 && v < 256 && known !== undefined && inBitset(known, 0, v);
    let left: boolean;
    if (Number.isNaN(v) || (cat >= 0 && !isKnown)) left = tree.missingLeft[n] === 1;
    else if (cat >= 0) left = inBitset(tree.bitsets, cat * 8, v);
    else left = v <= (tree.threshold[n] as number);
    n = left ? (tree.left[n] as number) : (tree.right[n] as number);
  }
  return tree.value[n] as number;
}

describe('GBDT properties', () => {
  it('a tree never predicts outside the range of its leaf values', async () => {
    await fc.assert(
      fc.asyncProperty(shapes, queries, async (shape, rows) => {
        const { model } = await fitGbdt(randomData(shape), { max_iter: 1, min_samples_leaf: 5 }, { seed: 1 });
        const tree = model.trees[0] as GbdtTree;
        const leaves = tree.value.filter((_, i) => (tree.feature[i] as number) < 0);
        const raw = predictRaw(model, Float64Array.from(rows.flat()), rows.length, 3);
        for (const r of raw) {
          const v = r - (model.baseline[0] as number);
          expect(v).toBeGreaterThanOrEqual(Math.min(...leaves) - 1e-12);
          expect(v).toBeLessThanOrEqual(Math.max(...leaves) + 1e-12);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('missing values and unknown categories follow the learned default direction at every node', async () => {
    await fc.assert(
      fc.asyncProperty(shapes, queries, async (shape, rows) => {
        const { model } = await fitGbdt(randomData(shape), { max_iter: 4, min_samples_leaf: 5 }, { seed: 1 });
        const raw = predictRaw(model, Float64Array.from(rows.flat()), rows.length, 3);
        rows.forEach((row, r) => {
          const expected = model.trees.reduce((sum, tree) => sum + walk(model, tree, row), model.baseline[0] as number);
          expect(raw[r]).toBeCloseTo(expected, 10);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('scores validation rows during training exactly as the stored model predicts them', async () => {
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const train = randomData(shape);
        // Validation rows from another stream: other codes, other missing values.
        const val = randomData({ ...shape, seed: shape.seed + 1, levels: 8 }, 40);
        const result = await fitGbdt(train, { max_iter: 5, min_samples_leaf: 5 }, { seed: 1, val });
        const out = predictOutputs(result.model, val.x, val.rows, 3);
        let loss = 0;
        for (let i = 0; i < val.rows; i++) {
          const y = val.y[i] as number;
          loss +=
            shape.task === 'regression' ? 0.5 * ((out[i] as number) - y) ** 2 : -Math.log(out[i * 2 + y] as number);
        }
        expect(loss / val.rows).toBeCloseTo(result.history.at(-1)?.valLoss as number, 9);
      }),
      { numRuns: 20 },
    );
  });

  it('sends missing values to the side where the training rows with missing values went', async () => {
    // Given a target that is 1 exactly when x is missing (and x alone tells nothing else)
    const rnd = mulberry32(3);
    const rows = 400;
    const x = Float64Array.from({ length: rows }, () => (rnd() < 0.3 ? Number.NaN : rnd()));
    const y = Float64Array.from(x, (v) => (Number.isNaN(v) ? 1 : 0));
    const data: GbdtData = {
      x,
      rows,
      width: 1,
      columns: [{ name: 'x', kind: 'numeric' }],
      y,
      task: 'classification',
      classes: 2,
    };
    const { model } = await fitGbdt(data, { max_iter: 20 }, { seed: 1 });
    // Then a missing value predicts class 1, any present value class 0
    const p = predictOutputs(model, Float64Array.of(Number.NaN, 0.5, -100, 100), 4, 1);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
    expect(p[5]).toBeLessThan(0.1);
    expect(p[7]).toBeLessThan(0.1);
  });
});
