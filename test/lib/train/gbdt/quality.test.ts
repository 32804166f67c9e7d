import { describe, expect, it } from 'vitest';
import { predictOutputs } from '../../../../src/lib/model/families/gbdt/index.js';
import { fitGbdt } from '../../../../src/lib/train/families/gbdt/index.js';
import { generate, sklearnFixture, sliceRows } from './helpers.js';

describe('quality against scikit-learn (default parameters, 4000 training rows, 2000 test rows)', () => {
  for (const c of sklearnFixture().quality) {
    it(`matches scikit-learn on the ${c.kind} dataset`, async () => {
      // Given the dataset the fixture generator drew from the same seeded stream
      const all = generate(c.kind, c.seed, c.rows);
      const sums = Array.from({ length: 6 }, (_, f) => {
        let s = 0;
        for (let i = 0; i < all.rows; i++) {
          const v = all.x[i * 6 + f] as number;
          if (!Number.isNaN(v)) s += Math.abs(v);
        }
        return s;
      });
      sums.push(all.y.reduce((a, b) => a + b, 0));
      expect(Math.max(...sums.map((s, j) => Math.abs(s - (c.checksum[j] as number))))).toBeLessThan(1e-6);
      const train = sliceRows(all, 0, c.train);
      const test = sliceRows(all, c.train, c.rows);
      // When we fit with scikit-learn's defaults (early stopping is off below 10 000 rows)
      const { model } = await fitGbdt(train, {}, { seed: 1 });
      const out = predictOutputs(model, test.x, test.rows, test.width);
      // Then the test metric is within 0.003 (accuracy) or 1 % (RMSE) of scikit-learn's
      if (c.task === 'classification') {
        const k = c.classes;
        let correct = 0;
        for (let i = 0; i < test.rows; i++) {
          const row = Array.from(out.subarray(i * k, (i + 1) * k));
          if (row.indexOf(Math.max(...row)) === test.y[i]) correct++;
        }
        expect(Math.abs(correct / test.rows - (c.accuracy as number))).toBeLessThanOrEqual(0.003);
      } else {
        let sse = 0;
        for (let i = 0; i < test.rows; i++) sse += ((out[i] as number) - (test.y[i] as number)) ** 2;
        expect(Math.sqrt(sse / test.rows)).toBeCloseTo(c.rmse as number, 2);
      }
      // And the first predictions agree closely
      const k = c.task === 'classification' ? c.classes : 1;
      const worst = Math.max(
        ...c.firstOutputs.flatMap((row, i) => row.map((v, j) => Math.abs((out[i * k + j] as number) - v))),
      );
      expect(worst).toBeLessThan(1e-6);
    });
  }
});
