import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../../src/lib/contracts.js';
import { predictionJson } from '../../../src/lib/prediction-store/prediction-json.js';

/** Float32 values as a model gives them (widened to doubles: 15–17 digits). */
function float32s(n: number, seed: number): number[] {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648) ** 4;
  }
  return [...out];
}

describe('predictionJson', () => {
  it('writes exactly what JSON.stringify writes for classifier predictions', () => {
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    const p = float32s(3 * 500, 7);
    for (let i = 0; i < 500; i++) {
      const prediction: Prediction = {
        label: classes[i % 3] as string,
        probabilities: Object.fromEntries(classes.map((c, j) => [c, p[i * 3 + j] as number])),
      };
      expect(predictionJson(prediction)).toBe(JSON.stringify(prediction));
    }
  });

  it('keeps JSON.stringify’s key order, escapes and non-finite numbers', () => {
    const cases: Prediction[] = [
      // Integer-like class names come first in ascending order, whatever the insertion order.
      { label: '10', probabilities: { '10': 0.25, '2': 0.75, b: 0 } },
      { label: 'say "hi"\\', probabilities: { 'say "hi"\\': 1, 'tab\there': 0, ünï: -0, '\u2028': 1e-7 } },
      { label: 'nan', probabilities: { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 1e21, tiny: 5e-324 } },
      { label: '', probabilities: {} },
      { value: 3.137 },
      { value: Number.NaN },
      { value: -0 },
      { value: 1.7976931348623157e308 },
    ];
    for (const prediction of cases) expect(predictionJson(prediction)).toBe(JSON.stringify(prediction));
  });

  it('falls back to the general shape for anything else', () => {
    const odd = { value: 1, extra: { nested: [1, 'two', null] }, skipped: undefined } as unknown as Prediction;
    expect(predictionJson(odd)).toBe(JSON.stringify(odd));
    const reordered = { probabilities: { a: 1 }, label: 'a' } as Prediction;
    expect(predictionJson(reordered)).toBe(JSON.stringify(reordered));
  });
});
