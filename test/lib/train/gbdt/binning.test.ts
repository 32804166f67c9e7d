import { describe, expect, it } from 'vitest';
import {
  BINNING_SUBSAMPLE,
  binData,
  findThresholds,
  fitBinMapper,
} from '../../../../src/lib/train/families/gbdt/index.js';
import { dataset, sklearnFixture, toNumber } from './helpers.js';

describe('binning (scikit-learn _BinMapper)', () => {
  for (const c of sklearnFixture().binning) {
    it(`gives scikit-learn's thresholds and bins: ${c.name}`, () => {
      // Given a column and scikit-learn's thresholds for it
      const data = dataset(
        c.values.map((v) => [toNumber(v)]),
        c.values.map(() => 0),
      );
      // When the mapper is fitted
      const mapper = fitBinMapper(data, [0], c.maxBins, 1);
      // Then the thresholds are identical to the last bit, and probe values land in the same bins
      expect(Array.from(mapper.thresholds[0] ?? [])).toEqual(c.thresholds.map(toNumber));
      expect(mapper.nBinsNonMissing[0]).toBe(c.thresholds.length + 1);
      const probes = dataset(
        c.probes.map((v) => [toNumber(v)]),
        c.probes.map(() => 0),
      );
      const bins = binData(mapper, probes, new Uint8Array(probes.rows), 'columns');
      expect(Array.from(bins)).toEqual(c.bins);
    });
  }

  it('puts missing values in the last bin (index max_bins) and NaN never in a threshold', () => {
    const data = dataset([[Number.NaN], [1], [2], [Number.NaN]], [0, 1, 0, 1]);
    const mapper = fitBinMapper(data, [0], 255, 1);
    expect(Array.from(mapper.thresholds[0] ?? [])).toEqual([1.5]);
    expect(Array.from(binData(mapper, data, new Uint8Array(4), 'columns'))).toEqual([255, 0, 1, 255]);
  });

  it('has no threshold for an all-missing column (one non-missing bin, never split)', () => {
    const data = dataset([[Number.NaN], [Number.NaN], [Number.NaN]], [0, 1, 0]);
    const mapper = fitBinMapper(data, [0], 255, 1);
    expect(mapper.thresholds[0]?.length).toBe(0);
    expect(mapper.nBinsNonMissing[0]).toBe(1);
  });

  it('bins categorical codes as themselves and unknown codes of other splits as missing', () => {
    // Given a categorical column whose training rows use codes 0 and 2 of 4
    const train = dataset([[0], [2], [2], [Number.NaN]], [0, 1, 0, 1], {
      columns: [{ name: 'colour', kind: 'categorical', categories: 4 }],
    });
    const mapper = fitBinMapper(train, [4], 255, 1);
    // When validation rows use codes 1 and 3 (never seen in training)
    const val = dataset([[0], [1], [2], [3]], [0, 0, 0, 0], { columns: train.columns });
    const rows = binData(mapper, val, new Uint8Array(4), 'rows');
    // Then seen codes keep their bin, unseen ones go to the missing bin
    expect(Array.from(rows)).toEqual([0, 255, 2, 255]);
    expect(mapper.nBinsNonMissing[0]).toBe(4);
  });

  it('lays training bins out column-major and validation bins row-major', () => {
    const data = dataset(
      [
        [1, 10],
        [2, 20],
        [3, 30],
      ],
      [0, 1, 0],
    );
    const mapper = fitBinMapper(data, [0, 0], 255, 1);
    expect(Array.from(binData(mapper, data, new Uint8Array(6), 'columns'))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(binData(mapper, data, new Uint8Array(6), 'rows'))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('fits quantiles on a seeded subsample above 200 000 rows: same seed, same edges', () => {
    // Given more rows than the subsample, with a heavy upper tail
    const rows = BINNING_SUBSAMPLE + 5000;
    const x = new Float64Array(rows);
    for (let i = 0; i < rows; i++) x[i] = ((i * 7919) % rows) ** 1.5;
    const data = { ...dataset([[0]], [0]), x, rows, y: new Float64Array(rows) };
    // When fitted twice with one seed and once with another
    const a = fitBinMapper(data, [0], 255, 3).thresholds[0] as Float64Array;
    const b = fitBinMapper(data, [0], 255, 3).thresholds[0] as Float64Array;
    const c = fitBinMapper(data, [0], 255, 4).thresholds[0] as Float64Array;
    // Then the same seed gives identical edges, another seed close ones (a sample of the same data)
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a.length).toBe(254);
    const full = findThresholds(Float64Array.from(x).sort(), 255);
    const median = 127;
    expect(Math.abs((a[median] as number) - (full[median] as number)) / (full[median] as number)).toBeLessThan(0.02);
  });
});
