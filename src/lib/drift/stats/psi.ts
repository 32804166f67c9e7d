import { binnedShares, type Sample } from './binning.js';

/** Population stability index Σ (r − c)·ln(r / c) over Evidently's zero-filled bins. */
export function populationStabilityIndex(reference: Sample, current: Sample): number {
  const { reference: r, current: c } = binnedShares(reference, current, true);
  let psi = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i] as number;
    const ci = c[i] as number;
    psi += (ri - ci) * Math.log(ri / ci);
  }
  return psi;
}
