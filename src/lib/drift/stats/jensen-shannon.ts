import { binnedShares, type Sample } from './binning.js';

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/** scipy.spatial.distance.jensenshannon(p, q) with the natural log: √((KL(p‖m) + KL(q‖m)) / 2). */
export function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i] as number;
    sq += q[i] as number;
  }
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = (p[i] as number) / sp;
    const qi = (q[i] as number) / sq;
    const m = (pi + qi) / 2;
    left += relEntr(pi, m);
    right += relEntr(qi, m);
  }
  return Math.sqrt((left + right) / 2);
}

/** Evidently's Jensen–Shannon drift score over value (or Sturges bin) frequencies, no zero filling. */
export function jensenShannonTest(reference: Sample, current: Sample): number {
  const shares = binnedShares(reference, current, false);
  return jensenShannonDistance(shares.reference, shares.current);
}
